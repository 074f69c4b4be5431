package dev.refauth.servlet;

import dev.refauth.core.adapter.RequestView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A servlet request as the core reads it: each fact asked of the container when the core needs it. */
final class ServletView implements RequestView {
  private final HttpServletRequest request;
  private final String path;

  /** The cookies by name, once asked (the container parses them once too). */
  private @Nullable Map<String, List<String>> cookies;

  ServletView(HttpServletRequest request, String path) {
    this.request = request;
    this.path = path;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String query() {
    return Objects.requireNonNullElse(request.getQueryString(), "");
  }

  @Override
  public String contextPath() {
    return request.getContextPath();
  }

  @Override
  public String remoteAddress() {
    return Objects.requireNonNullElse(request.getRemoteAddr(), "");
  }

  @Override
  public boolean secure() {
    return request.isSecure();
  }

  @Override
  public List<String> headers(String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return List.of();
    }
    String first = values.nextElement();
    if (!values.hasMoreElements()) {
      return List.of(first);
    }
    List<String> all = new ArrayList<>(2);
    all.add(first);
    while (values.hasMoreElements()) {
      all.add(values.nextElement());
    }
    return Collections.unmodifiableList(all);
  }

  @Override
  public List<String> headerNames() {
    Enumeration<String> names = request.getHeaderNames();
    return names == null ? List.of() : List.copyOf(Collections.list(names));
  }

  @Override
  public List<String> cookies(String name) {
    Map<String, List<String>> byName = cookies;
    if (byName == null) {
      byName = new HashMap<>();
      Cookie[] sent = request.getCookies();
      if (sent != null) {
        for (Cookie c : sent) {
          byName.computeIfAbsent(c.getName(), k -> new ArrayList<>(1)).add(c.getValue());
        }
      }
      cookies = byName;
    }
    return byName.getOrDefault(name, List.of());
  }
}
