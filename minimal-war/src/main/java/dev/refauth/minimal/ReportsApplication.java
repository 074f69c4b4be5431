package dev.refauth.minimal;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application under {@code /api}; the server finds the resource and refauth's {@code AuthFeature}. */
@ApplicationPath("api")
public class ReportsApplication extends Application {}
