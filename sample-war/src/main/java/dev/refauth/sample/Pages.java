package dev.refauth.sample;

import dev.refauth.core.AuthEvent;
import dev.refauth.core.AuthGuard;
import dev.refauth.core.Authentication;
import dev.refauth.core.Identity;
import dev.refauth.core.Tenant;
import dev.refauth.social.SocialLoginProvider;
import dev.refauth.social.SocialProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server-rendered pages: login, dashboard (identity), admin (needs {@code admin}), the security events (needs
 * {@code audit:read}). Messages are shown the way Refine shows its notifications: the {@code error} or {@code
 * successNotification} of the response that led here.
 */
public final class Pages extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Map<String, String> ERRORS =
      Map.of(
          "LoginError", "Invalid email or password",
          "CsrfError", "The form expired. Please try again.",
          "TooManyAttempts", "Too many attempts. Wait a little, then try again.",
          "SocialLoginError",
              "Social sign-in did not succeed. Please try again, or sign in with your password.");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getServletPath();
    switch (path) {
      case "/login" -> login(req, resp);
      case "/login/second-factor" -> secondStep(req, resp);
      case "/account/security" -> security(req, resp);
      case "/register" -> register(req, resp);
      case "/forgot-password" -> forgotPassword(req, resp);
      case "/reset-password" -> resetPassword(req, resp);
      case "/admin" -> admin(req, resp);
      case "/admin/events" -> events(req, resp);
      case "/posts" -> posts(req, resp);
      default -> {
        if (!req.getRequestURI().equals(req.getContextPath() + "/")) {
          resp.sendError(404);
          return;
        }
        dashboard(req, resp);
      }
    }
  }

  private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String error = req.getParameter("error");
    String to = req.getParameter("to");
    StringBuilder b = new StringBuilder();
    b.append("<h1>Sign in</h1>");
    if (error != null) {
      b.append("<div class=\"notice error\" role=\"alert\">")
          .append(Html.escape(ERRORS.getOrDefault(error, "Sign-in failed")))
          .append("</div>");
    }
    if (req.getParameter("loggedOut") != null) {
      b.append("<div class=\"notice success\" role=\"status\">You have been signed out</div>");
    }
    b.append("<form method=\"post\" action=\"")
        .append(req.getContextPath())
        .append("/auth/login\">")
        .append(csrfField(req))
        .append(
            to == null
                ? ""
                : "<input type=\"hidden\" name=\"to\" value=\"" + Html.escape(to) + "\">")
        .append(
            "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required>")
        .append(
            "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
        .append("<button type=\"submit\">Sign in</button></form>")
        .append(passkeyButton(req, to))
        .append(socialButtons(req, to))
        .append("<p class=\"links\"><a id=\"to-register\" href=\"")
        .append(req.getContextPath())
        .append("/register\">Create an account</a>")
        .append(" · <a id=\"to-forgot\" href=\"")
        .append(req.getContextPath())
        .append("/forgot-password\">Forgot your password?</a></p>")
        .append(
            "<p class=\"muted\">Demo: admin@example.com / demo-admin-pass, user@example.com / demo-user-pass</p>");
    Html.page(resp, req, "Sign in", b.toString(), false);
  }

  /**
   * The sign-in's second step: a right password on an account with a second factor lands here (the API answered
   * {@code SecondFactorRequired} with this page as {@code redirectTo}); the code goes to {@code /auth/login} again.
   */
  private void secondStep(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String ctx = req.getContextPath();
    String to = req.getParameter("to");
    // the step-up: a signed-in person confirms it is them (assets/stepup.js starts it: at once when
    // the page was reached from this site or typed, on a click when another site opened it, so that
    // a site cannot spend the person's step-ups by opening the page)
    boolean stepUp = "true".equals(req.getParameter("stepUp"));
    String fetchSite = req.getHeader("Sec-Fetch-Site");
    boolean fromHere =
        fetchSite == null || fetchSite.equals("same-origin") || fetchSite.equals("none");
    String keep =
        to == null ? "" : "<input type=\"hidden\" name=\"to\" value=\"" + Html.escape(to) + "\">";
    Html.page(
        resp,
        req,
        "Two-step verification",
        (stepUp
                ? "<h1>Confirm it is you</h1><p id=\"step-up\" data-endpoint=\""
                    + ctx
                    + "/auth/login\" data-enrol=\"/account/security\" data-start=\""
                    + (fromHere ? "auto" : "click")
                    + "\""
                    + (to == null ? "" : " data-to=\"" + Html.escape(to) + "\"")
                    + ">This action needs a recent second factor.</p>"
                : "<h1>Two-step verification</h1>")
            + "<form data-auth id=\"code-form\" method=\"post\" action=\""
            + ctx
            + "/auth/login\">"
            + keep
            + "<label for=\"code\">Code from your authenticator app</label><input id=\"code\" name=\"code\""
            + " inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required>"
            + "<button type=\"submit\">Verify</button></form>"
            + "<details><summary>Use a recovery code instead</summary>"
            + "<form data-auth id=\"recovery-form\" method=\"post\" action=\""
            + ctx
            + "/auth/login\">"
            + keep
            + "<label for=\"recoveryCode\">Recovery code</label><input id=\"recoveryCode\" name=\"recoveryCode\""
            + " autocomplete=\"off\" maxlength=\"40\" required>"
            + "<button type=\"submit\">Use it</button></form></details>"
            + (stepUp
                ? "<p><button type=\"button\" id=\"step-up-start\" hidden>Continue</button></p>"
                    + "<p><button type=\"button\" class=\"secondary\" id=\"passkey-step\" hidden>Use a"
                    + " passkey</button></p><script src=\""
                    + ctx
                    + "/assets/stepup.js\"></script>"
                : passkeyButton(req, to)
                    + "<p class=\"links\"><a href=\""
                    + ctx
                    + "/login\">Start again</a></p>"),
        false);
  }

  /** Two-step verification for the signed-in user: turn it on (QR code), new recovery codes, turn it off. */
  private void security(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String ctx = req.getContextPath();
    String code =
        "<label for=\"%1$s\">%2$s</label><input id=\"%1$s\" name=\"code\" inputmode=\"numeric\""
            + " autocomplete=\"one-time-code\" maxlength=\"40\" required>";
    Html.page(
        resp,
        req,
        "Security",
        "<h1>Security</h1><div id=\"security\" data-endpoint=\""
            + ctx
            + "/auth/second-factor\">"
            + "<p><label for=\"factor-password\">Your password</label><input id=\"factor-password\""
            + " type=\"password\" autocomplete=\"current-password\"><span class=\"muted\">Asked for every change"
            + " below: adding, renewing or removing an app or a passkey.</span></p>"
            + "<section id=\"mfa-off\" hidden><p>Codes from an authenticator app are <strong>off</strong>.</p>"
            + "<button type=\"button\" id=\"mfa-begin\">Set up an authenticator app</button></section>"
            + "<section id=\"mfa-enrol\" hidden><p>Scan this code with your authenticator app, or enter the key"
            + " by hand.</p><div id=\"mfa-qr\" class=\"qr\"></div><p>Key: <code id=\"mfa-secret\"></code></p>"
            + "<form id=\"mfa-confirm\">"
            + String.format(code, "confirm-code", "Code from the app")
            + "<button type=\"submit\">Turn on</button></form></section>"
            + "<section id=\"mfa-on\" hidden><p>Codes from an authenticator app are <strong>on</strong>."
            + " Recovery codes left: <span id=\"mfa-left\"></span>.</p>"
            + "<form id=\"mfa-renew\">"
            + String.format(code, "renew-code", "Current code, or a recovery code")
            + "<button type=\"submit\">New recovery codes</button></form>"
            + "<form id=\"mfa-remove\">"
            + String.format(code, "remove-code", "Current code, or a recovery code")
            + "<button type=\"submit\">Turn off</button></form></section>"
            + "<section id=\"mfa-codes\" hidden><p>Your recovery codes: each works once. Keep them somewhere"
            + " safe; they are not shown again.</p><ol id=\"mfa-recovery-codes\"></ol></section>"
            + "</div><h2>Passkeys</h2><p id=\"passkeys-none\" class=\"muted\">No passkeys yet.</p>"
            + "<ul id=\"passkeys\" data-endpoint=\""
            + ctx
            + "/auth/second-factor\"></ul>"
            + "<form id=\"passkey-add\"><label for=\"passkey-name\">Name</label>"
            + "<input id=\"passkey-name\" maxlength=\"64\" placeholder=\"Laptop\">"
            + "<button type=\"submit\">Add a passkey</button></form>"
            + "<script src=\""
            + ctx
            + "/assets/security.js\"></script><script src=\""
            + ctx
            + "/assets/passkeys.js\"></script>",
        true);
  }

  /** The forms below post JSON to the /auth API from assets/forms.js, as a Refine app would, and show its notifications. */
  private void register(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String ctx = req.getContextPath();
    Html.page(
        resp,
        req,
        "Create an account",
        "<h1>Create an account</h1>"
            + "<form data-auth method=\"post\" action=\""
            + ctx
            + "/auth/register\">"
            + "<label for=\"name\">Name</label><input id=\"name\" name=\"name\" autocomplete=\"name\" maxlength=\"100\">"
            + "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required>"
            + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required>"
            + "<p class=\"muted\">At least 8 characters; common passwords are refused.</p>"
            + "<button type=\"submit\">Create account</button></form>"
            + "<p class=\"links\"><a href=\""
            + ctx
            + "/login\">Back to sign in</a></p>",
        false);
  }

  private void forgotPassword(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String ctx = req.getContextPath();
    Html.page(
        resp,
        req,
        "Forgot password",
        "<h1>Forgot your password?</h1>"
            + "<form data-auth method=\"post\" action=\""
            + ctx
            + "/auth/forgot-password\">"
            + "<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required>"
            + "<button type=\"submit\">Send me a link</button></form>"
            + "<p class=\"muted\">In this demo, mail goes to the <code>mail</code> folder of the data folder.</p>"
            + "<p class=\"links\"><a href=\""
            + ctx
            + "/login\">Back to sign in</a></p>",
        false);
  }

  private void resetPassword(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String ctx = req.getContextPath();
    String token = req.getParameter("token");
    resp.setHeader("Referrer-Policy", "no-referrer"); // the token is in this page's URL
    Html.page(
        resp,
        req,
        "Choose a new password",
        "<h1>Choose a new password</h1>"
            + "<form data-auth method=\"post\" action=\""
            + ctx
            + "/auth/update-password\">"
            + "<input type=\"hidden\" name=\"token\" value=\""
            + Html.escape(token == null ? "" : token)
            + "\">"
            + "<label for=\"password\">New password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required>"
            + "<label for=\"confirmPassword\">Repeat it</label><input id=\"confirmPassword\" name=\"confirmPassword\" type=\"password\" autocomplete=\"new-password\" required>"
            + "<button type=\"submit\">Change password</button></form>",
        false);
  }

  private void dashboard(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Authentication auth = (Authentication) req.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE);
    Identity id = auth.identity();
    String name = id.name().orElse(id.id());
    StringBuilder b = new StringBuilder();
    b.append("<div class=\"notice success\" role=\"status\">Welcome back, ")
        .append(Html.escape(name))
        .append("!</div>")
        .append("<h1>")
        .append(
            id.avatar()
                .filter(a -> a.startsWith("https://"))
                .map(a -> "<img class=\"avatar\" alt=\"\" src=\"" + Html.escape(a) + "\">")
                .orElse("<span class=\"avatar\">" + Html.escape(name.substring(0, 1)) + "</span>"))
        .append(" Dashboard</h1><dl>")
        .append("<dt>Name</dt><dd id=\"identity-name\">")
        .append(Html.escape(name))
        .append("</dd>")
        .append("<dt>Email</dt><dd id=\"identity-email\">")
        .append(Html.escape(id.email().orElse("-")))
        .append("</dd>")
        .append("<dt>Tenant</dt><dd id=\"identity-tenant\">")
        .append(Html.escape(id.tenant().orElse("-")))
        .append("</dd>")
        .append("<dt>Permissions</dt><dd id=\"permissions\">")
        .append(Html.escape(String.join(", ", auth.permissions().asStrings())))
        .append("</dd>")
        .append("<dt>Two-step verification</dt><dd id=\"second-factor\">")
        .append(Boolean.TRUE.equals(id.attributes().get("secondFactor")) ? "on" : "off")
        .append("</dd></dl>");
    Html.page(resp, req, "Dashboard", b.toString(), true);
  }

  private void admin(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!req.isUserInRole("admin")) {
      // routed through the provider's onError by the filter: stays 403, user stays signed in
      resp.sendError(403);
      return;
    }
    Html.page(
        resp,
        req,
        "Admin",
        "<h1>Admin</h1><p>Only users with the <code>admin</code> permission see this page.</p>",
        true);
  }

  /**
   * The security events of the caller's tenant, for {@code audit:read}: a chart of the sign-ins and failures per hour
   * over the last 24 hours, a filter and a table of the latest events. assets/events.js draws both from {@code
   * /api/admin/events/counts} and {@code /api/admin/events} (the page itself carries no event).
   */
  private void events(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Authentication auth = (Authentication) req.getAttribute(AuthGuard.AUTHENTICATION_ATTRIBUTE);
    if (auth == null || !Permits.granted(req, EVENTS_PERMISSION)) {
      // routed through the provider's onError by the filter: stays 403, user stays signed in
      resp.sendError(403);
      return;
    }
    String ctx = Html.escape(req.getContextPath());
    StringBuilder types = new StringBuilder("<option value=\"\">All types</option>");
    Set<String> names = new TreeSet<>();
    for (AuthEvent.Type t : AuthEvent.Type.values()) {
      names.add(t.vocabulary());
    }
    for (String name : names) {
      types.append("<option>").append(Html.escape(name)).append("</option>");
    }
    String tenant = auth.identity().tenant().orElse("-");
    Html.page(
        resp,
        req,
        "Security events",
        "<h1>Security events of <span id=\"events-tenant\">"
            + Html.escape(tenant)
            + "</span></h1>"
            + "<section id=\"events\" data-state=\"loading\" data-events=\""
            + ctx
            + "/api/admin/events\" data-counts=\""
            + ctx
            + "/api/admin/events/counts\">"
            + "<h2>Sign-ins per hour, last 24 hours</h2>"
            + "<figure class=\"chart\"><svg id=\"events-chart\" role=\"img\" aria-labelledby=\"events-chart-title\""
            + " viewBox=\"0 0 720 200\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"events-chart-title\">Sign-ins"
            + " and failed sign-ins per hour</title></svg>"
            + "<figcaption id=\"events-legend\" class=\"legend\">"
            + "<span class=\"key success\"></span> Sign-ins: <strong id=\"events-total-success\">-</strong>"
            + " <span class=\"key failure\"></span> Failed sign-ins: <strong id=\"events-total-failure\">-</strong>"
            + " <span class=\"key lockout\"></span> Lockouts: <strong id=\"events-total-lockout\">-</strong>"
            + "</figcaption></figure>"
            + "<h2>Latest events</h2>"
            + "<form id=\"events-filter\" class=\"filter\">"
            + "<div><label for=\"events-type\">Type</label><select id=\"events-type\" name=\"type\">"
            + types
            + "</select></div>"
            + "<div><label for=\"events-account\">Account id</label><input id=\"events-account\""
            + " name=\"account\" maxlength=\"255\" autocomplete=\"off\"></div>"
            + "<div><label for=\"events-since\">Since</label><input id=\"events-since\" name=\"since\""
            + " type=\"datetime-local\" step=\"1\"></div>"
            + "<div><button type=\"submit\" id=\"events-apply\">Show</button></div></form>"
            + "<p class=\"muted\" id=\"events-count\" role=\"status\"></p>"
            + "<table id=\"events-table\"><thead><tr><th>Time</th><th>Type</th><th>Method</th><th>Account</th>"
            + "<th>Client</th><th>Request</th></tr></thead><tbody></tbody></table>"
            + "<p class=\"muted\">Accounts are named by id only: the trail keeps no email address, password or"
            + " token. Kept 30 days unless provider.events.retention says otherwise.</p></section>"
            + "<script src=\""
            + ctx
            + "/assets/events.js\"></script>",
        true);
  }

  /** Who may read the security events (the page and its API). */
  static final String EVENTS_PERMISSION = "audit:read";

  /** The caller's tenant's posts only: the page shows tenant isolation (the other tenant's posts never appear). */
  private void posts(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Tenant tenant = (Tenant) req.getAttribute(Tenant.class.getName());
    StringBuilder b =
        new StringBuilder("<h1>Posts of <span id=\"tenant\">")
            .append(Html.escape(tenant.id()))
            .append("</span></h1><ul id=\"posts\">");
    for (Posts.Post p : Posts.list(tenant.id())) {
      b.append("<li data-id=\"")
          .append(p.id())
          .append("\">")
          .append(Html.escape(p.title()))
          .append("</li>");
    }
    b.append(
        "</ul><p class=\"muted\">Each tenant sees only its own posts; another tenant's post id answers 404 in the API.</p>");
    Html.page(resp, req, "Posts", b.toString(), true);
  }

  /** "Sign in with a passkey": assets/passkeys.js runs both calls to /auth/login. */
  private static String passkeyButton(HttpServletRequest req, String to) {
    return "<p><button type=\"button\" class=\"secondary\" id=\"passkey-login\" data-passkey-login=\""
        + req.getContextPath()
        + "/auth/login\""
        + (to == null ? "" : " data-to=\"" + Html.escape(to) + "\"")
        + ">Sign in with a passkey</button></p><script src=\""
        + req.getContextPath()
        + "/assets/passkeys.js\"></script>";
  }

  /** One "Sign in with ..." link per configured social provider: GET /auth/{name} starts the flow. */
  private static String socialButtons(HttpServletRequest req, String to) {
    AuthGuard guard = (AuthGuard) req.getAttribute(AuthGuard.GUARD_ATTRIBUTE);
    SocialLoginProvider social =
        guard == null ? null : guard.provider().unwrap(SocialLoginProvider.class).orElse(null);
    if (social == null || social.providers().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("<div class=\"social\"><p class=\"muted\">or</p>");
    String query = to == null ? "" : "?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    for (SocialProvider p : social.providers()) {
      b.append("<a class=\"button secondary\" id=\"social-")
          .append(p.name())
          .append("\" href=\"")
          .append(req.getContextPath())
          .append("/auth/")
          .append(p.name())
          .append(Html.escape(query))
          .append("\">Sign in with ")
          .append(Html.escape(p.displayName()))
          .append("</a>");
    }
    return b.append("</div>").toString();
  }

  static String csrfField(HttpServletRequest req) {
    Object token = req.getAttribute(AuthGuard.CSRF_ATTRIBUTE);
    return token == null
        ? ""
        : "<input type=\"hidden\" name=\"_csrf\" value=\"" + Html.escape(token.toString()) + "\">";
  }
}
