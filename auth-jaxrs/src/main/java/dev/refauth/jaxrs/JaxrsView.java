package dev.refauth.jaxrs;

import dev.refauth.core.adapter.RequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A JAX-RS request as the core reads it, alike from every adapter: the raw path inside the web application, its
 * context path and the peer's address (from the servlet container, see {@link ServletFacts}), the headers and
 * cookies, each read when the core asks.
 */
final class JaxrsView implements RequestView {
  private final ContainerRequestContext ctx;
  private final @Nullable ServletFacts servlet;

  private @Nullable String path;
  private @Nullable Map<String, List<String>> cookies;

  JaxrsView(ContainerRequestContext ctx, @Nullable ServletFacts servlet) {
    this.ctx = ctx;
    this.servlet = servlet;
  }

  @Override
  public String method() {
    return ctx.getMethod();
  }

  @Override
  public String path() {
    String p = path;
    if (p == null) {
      String raw = ctx.getUriInfo().getRequestUri().getRawPath();
      String context = contextPath();
      p = context.isEmpty() || !raw.startsWith(context) ? raw : raw.substring(context.length());
      p = p.isEmpty() ? "/" : p;
      path = p;
    }
    return p;
  }

  @Override
  public String query() {
    return Objects.requireNonNullElse(ctx.getUriInfo().getRequestUri().getRawQuery(), "");
  }

  @Override
  public String contextPath() {
    ServletFacts s = servlet;
    return s == null ? "" : s.contextPath();
  }

  @Override
  public String remoteAddress() {
    ServletFacts s = servlet;
    return s == null ? "" : s.remoteAddress();
  }

  @Override
  public boolean secure() {
    return ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure();
  }

  /** The runtime's header map is case-insensitive (Jersey's, RESTEasy's); its lists are handed out read-only. */
  @Override
  public List<String> headers(String name) {
    List<String> values = ctx.getHeaders().get(name);
    return values == null ? List.of() : Collections.unmodifiableList(values);
  }

  @Override
  public List<String> headerNames() {
    return List.copyOf(ctx.getHeaders().keySet());
  }

  /** Parsed from the {@code Cookie} headers keeping duplicates (JAX-RS's own cookie map keeps one per name). */
  @Override
  public List<String> cookies(String name) {
    Map<String, List<String>> byName = cookies;
    if (byName == null) {
      byName = new HashMap<>();
      for (String header : headers("Cookie")) {
        addCookies(byName, header);
      }
      cookies = byName;
    }
    return byName.getOrDefault(name, List.of());
  }

  private static void addCookies(Map<String, List<String>> byName, String header) {
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (!name.isEmpty()) {
          byName
              .computeIfAbsent(name, k -> new ArrayList<>(1))
              .add(
                  value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                      ? value.substring(1, value.length() - 1)
                      : value);
        }
      }
    }
  }
}
