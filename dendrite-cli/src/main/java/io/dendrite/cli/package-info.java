/**
 * The {@code dendrite} command: one picocli command per job (train, eval, predict, gradcheck, search, bench,
 * fetch, plot, report, version) and {@code RunFolder}, the folder a training run leaves. It only parses
 * options and calls the library; depends on every other package.
 */
package io.dendrite.cli;
