package dev.refauth.minimal;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The JAX-RS application under {@code /api}; the server finds the resource and refauth's {@code AuthFeature}. */
@ApplicationPath("api")
public class ReportsApplication extends Application {
  /** No generated description of the API (Jersey's WADL) for callers who may not use it. */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
