package io.dendrite.data;

/** A file a dataset's cache folder must hold: its name, its size in bytes and its SHA-256 (hex). */
public record FileSpec(String name, long size, String sha256) {}
