package dev.refauth.servlet;

import dev.refauth.testsupport.EmbeddedJetty;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;

/** A real Jetty 12 with the filter, the API servlet and a probe application that counts its invocations. */
final class JettyServer implements AutoCloseable {
  private final EmbeddedJetty jetty;
  final int port;
  final AtomicInteger appCalls = new AtomicInteger();
  final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  JettyServer(Map<String, String> filterParams) throws Exception {
    this(filterParams, null);
  }

  /** With a guard built in code (its own clock, cache, provider) instead of init-params. */
  JettyServer(dev.refauth.core.AuthGuard guard) throws Exception {
    this(Map.of(), guard);
  }

  private JettyServer(Map<String, String> filterParams, dev.refauth.core.AuthGuard guard)
      throws Exception {
    jetty =
        EmbeddedJetty.builder()
            .configure(
                context -> {
                  context.setSessionHandler(new SessionHandler());
                  FilterHolder filter =
                      guard == null
                          ? new FilterHolder(AuthenticatedFilter.class)
                          : new FilterHolder(new AuthenticatedFilter(guard));
                  filter.setName("auth");
                  Map<String, String> params = new LinkedHashMap<>();
                  params.put(
                      AuthenticatedFilter.PROVIDER_PARAM, TestProviderFactory.class.getName());
                  params.put(AuthenticatedFilter.PUBLIC_PATHS_PARAM, "/public/*");
                  params.putAll(filterParams);
                  if (guard == null) {
                    filter.setInitParameters(params);
                  }
                  context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
                  context.addServlet(new ServletHolder(new AuthApiServlet()), "/auth/*");
                  context.addServlet(new ServletHolder(new Probe()), "/");
                })
            .start();
    port = jetty.port();
  }

  /** The application: answers who called, or fails on purpose under /fail/. */
  final class Probe extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      appCalls.incrementAndGet();
      // as a real application does: a body left unread makes Jetty close the connection after the
      // answer, which a
      // client that pooled it only finds out on its next request ("header parser received no
      // bytes")
      req.getInputStream().readAllBytes();
      String path = req.getRequestURI();
      switch (path) {
        case "/fail/401" -> resp.sendError(401);
        case "/fail/403" -> resp.sendError(403);
        case "/fail/status403" -> resp.setStatus(403);
        case "/fail/throw" -> throw new IllegalStateException("secret internal detail");
        case "/public/session" -> resp.getWriter().write("session=" + req.getSession(true).getId());
        default -> {
          resp.setContentType("text/plain;charset=utf-8");
          var p = req.getUserPrincipal();
          resp.getWriter()
              .write(
                  "path="
                      + path
                      + " user="
                      + (p == null ? "-" : p.getName())
                      + " remote="
                      + req.getRemoteUser()
                      + " admin="
                      + req.isUserInRole("admin")
                      + " postsRead="
                      + req.isUserInRole("posts:read")
                      + " type="
                      + req.getAuthType()
                      + " identity="
                      + req.getAttribute(AuthenticatedFilter.IDENTITY_ATTRIBUTE));
        }
      }
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create(jetty.baseUri() + pathAndQuery);
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> postJson(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> postForm(String path, String form, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .header("Content-Type", "application/x-www-form-urlencoded");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  /** Logs in over the API and returns the access token. */
  String login(String email, String password) throws Exception {
    HttpResponse<String> r =
        postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
    }
    return r.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
  }

  /** The session cookie a login sets, as a Cookie header value. */
  static String sessionCookie(HttpResponse<?> login) {
    for (String c : login.headers().allValues("Set-Cookie")) {
      if (c.startsWith("refauth_session=")) {
        return c.substring(0, c.indexOf(';'));
      }
    }
    throw new AssertionError("no session cookie in " + login.headers().allValues("Set-Cookie"));
  }

  /** Sends raw bytes, exactly as written, and returns the status line and headers. */
  String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] all = in.readAllBytes();
      return new String(all, StandardCharsets.ISO_8859_1);
    }
  }

  static int status(String rawResponse) {
    return Integer.parseInt(rawResponse.substring(9, 12));
  }

  static List<String> h(String... pairs) {
    return List.of(pairs);
  }

  @Override
  public void close() {
    jetty.close();
  }
}
