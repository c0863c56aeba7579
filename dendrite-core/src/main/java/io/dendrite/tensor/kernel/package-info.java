/**
 * The hot kernels under the tensors and layers, on plain arrays with explicit output buffers: GEMM (reference,
 * blocked Vector API, threaded), elementwise loops, im2col/col2im, pooling, transposes, pairwise distances, and
 * the parallel loop with {@code Threads}, the one place that decides how many threads they use. Depends on
 * nothing in Dendrite. The Vector API bodies have plain-Java twins for JVMs started without
 * {@code jdk.incubator.vector}; {@link io.dendrite.tensor.kernel.Simd} says which run.
 */
package io.dendrite.tensor.kernel;
