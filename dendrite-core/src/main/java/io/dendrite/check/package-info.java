/**
 * Gradient checking: numerical gradients by central differences, {@code relError}, checks of every layer and of
 * whole models, and the reports that print them. Depends on {@code model}, {@code nn} and {@code tensor}.
 */
package io.dendrite.check;
