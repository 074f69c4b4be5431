package dev.refauth.servlet;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.AuthRequest;
import dev.refauth.core.AuthSettings;
import dev.refauth.core.PathRules;
import dev.refauth.core.adapter.AuthEndpoints;
import dev.refauth.core.adapter.HttpReply;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Refine-compatible auth API ({@code POST /auth/login}, {@code GET /auth/me}, ...; see
 * {@link AuthEndpoints} for every endpoint and its answers). It uses the {@link AuthGuard} that
 * {@link AuthenticatedFilter} put in the servlet context.
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>auth-api</servlet-name>
 *   <servlet-class>dev.refauth.servlet.AuthApiServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>auth-api</servlet-name>
 *   <url-pattern>/auth/*</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * <p>Init-param {@value #MAX_BODY_BYTES_PARAM} (default 16384, from 256 to 1 MiB): larger bodies get 413
 * before they are read.
 */
public final class AuthApiServlet extends HttpServlet {
  public static final String MAX_BODY_BYTES_PARAM = "maxBodyBytes";
  private static final long serialVersionUID = 1L;

  /** Made on the first request: the filter's guard may be set up after this servlet. */
  private transient volatile @Nullable AuthEndpoints endpoints;

  private int maxBodyBytes = AuthEndpoints.DEFAULT_MAX_BODY_BYTES;

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      params.put(name, config.getInitParameter(name));
    }
    try {
      AuthSettings settings = AuthSettings.of(params).requireOnly(Set.of(MAX_BODY_BYTES_PARAM));
      maxBodyBytes =
          settings.integer(
              MAX_BODY_BYTES_PARAM, AuthEndpoints.DEFAULT_MAX_BODY_BYTES, 256, 1 << 20);
    } catch (RuntimeException e) {
      throw new ServletException(
          "AuthApiServlet '" + config.getServletName() + "': " + e.getMessage(), e);
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    AuthEndpoints api = endpoints();
    Optional<String> path = Exchanges.rawPath(request);
    if (path.isEmpty()) {
      Exchanges.writeUnread(Exchanges.ambiguousPath(), request, response);
      return;
    }
    String raw = path.get();
    String servletPath = request.getServletPath();
    String endpoint = raw.startsWith(servletPath) ? raw.substring(servletPath.length()) : "";
    AuthRequest authRequest = Exchanges.toAuthRequest(request, raw);
    if (PathRules.decode(raw).isEmpty()) {
      endpoint = "";
    }
    var early = api.preflight(authRequest, endpoint);
    if (early.isPresent()) {
      Exchanges.writeUnread(early.get(), request, response);
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), api.maxBodyBytes(endpoint) + 1);
    HttpReply reply = api.handle(authRequest, endpoint, body);
    if (body.length > api.maxBodyBytes(endpoint)) {
      Exchanges.writeUnread(
          reply, request, response); // the rest of an oversized body was never read
    } else {
      Exchanges.write(reply, request, response);
    }
  }

  private AuthEndpoints endpoints() throws ServletException {
    AuthEndpoints e = endpoints;
    if (e == null) {
      Object guard = getServletContext().getAttribute(AuthGuard.GUARD_ATTRIBUTE);
      if (!(guard instanceof AuthGuard g)) {
        throw new ServletException(
            "AuthApiServlet needs an AuthGuard in the servlet context attribute "
                + AuthGuard.GUARD_ATTRIBUTE
                + ": declare AuthenticatedFilter in web.xml");
      }
      e = g.endpoints(maxBodyBytes);
      endpoints = e;
    }
    return e;
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] buffer = new byte[Math.min(limit, 8192)];
    int total = 0;
    while (total < limit) {
      if (total == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(limit, buffer.length * 2));
      }
      int n = in.read(buffer, total, buffer.length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total == buffer.length ? buffer : Arrays.copyOf(buffer, total);
  }
}
