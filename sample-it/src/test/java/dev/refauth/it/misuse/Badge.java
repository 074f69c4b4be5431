package dev.refauth.it.misuse;

/** An application's own user type. */
public record Badge(String name) {}
