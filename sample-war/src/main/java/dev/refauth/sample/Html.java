package dev.refauth.sample;

import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Tiny HTML helpers for the sample's pages. */
final class Html {
  private Html() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static void page(
      HttpServletResponse resp, HttpServletRequest req, String title, String body, boolean signedIn)
      throws IOException {
    String ctx = req.getContextPath();
    resp.setContentType("text/html;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    StringBuilder b =
        new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>")
            .append(escape(title))
            .append(" · refauth sample</title>")
            .append("<link rel=\"stylesheet\" href=\"")
            .append(ctx)
            .append("/assets/style.css\"></head><body><header>")
            .append("<strong>refauth sample</strong>");
    if (signedIn) {
      b.append("<a href=\"")
          .append(ctx)
          .append("/\">Dashboard</a>")
          .append("<a href=\"")
          .append(ctx)
          .append("/posts\">Posts</a>")
          .append("<a href=\"")
          .append(ctx)
          .append("/admin\">Admin</a>");
      Object auth = req.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE);
      if (auth instanceof Authentication a && a.permissions().implies(Pages.EVENTS_PERMISSION)) {
        b.append("<a id=\"to-events\" href=\"").append(ctx).append("/admin/events\">Events</a>");
      }
      b.append("<a href=\"")
          .append(ctx)
          .append("/account/security\">Security</a>")
          .append("<form method=\"post\" action=\"")
          .append(ctx)
          .append("/auth/logout\">")
          .append(Pages.csrfField(req))
          .append("<button type=\"submit\" id=\"logout\">Sign out</button></form>");
    }
    b.append("</header><main><div id=\"notice\"></div>")
        .append(body)
        .append("</main><script src=\"")
        .append(ctx)
        .append("/assets/forms.js\"></script></body></html>");
    resp.getWriter().write(b.toString());
  }
}
