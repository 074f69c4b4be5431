package dev.refauth.minimal;

/** The application's own user type: what its code wants to know of a caller, in its own words. */
public record Member(String email, String name, boolean analyst) {}
