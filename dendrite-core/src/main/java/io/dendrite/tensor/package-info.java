/**
 * Tensors: {@code Tensor} (n-d, F32 or F64, row-major with strides and views), {@code DType}, {@code Rng}
 * (seeded, checkpointable), {@code Shapes}, the {@code TensorAssert} comparison helper and {@code MemoryBudget}, the
 * check every large allocation asks first. The loops under
 * the tensor operations live in {@link io.dendrite.tensor.kernel}, its only dependency; nothing else.
 */
package io.dendrite.tensor;
