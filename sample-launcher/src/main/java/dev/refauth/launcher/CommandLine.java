package dev.refauth.launcher;

import java.nio.file.Path;
import java.util.Optional;

/** The launcher's command line: {@code java -jar sample-app.jar [options]}, read into {@link SampleLauncher.Options}. */
final class CommandLine {
  private static final String USAGE =
      "usage: java -jar sample-app.jar [--port N] [--data DIR] [--no-demo-oidc] [--refine DIR]"
          + " [--jdbc-url URL [--jdbc-user U] [--jdbc-password P]]   (or REFAUTH_JDBC_URL, REFAUTH_JDBC_USER, REFAUTH_JDBC_PASSWORD)\n"
          + "       [--allowed-origin URL]... [--public-origin URL] [--trusted-proxy CIDR]... [--trusted-proxy-headers x-forwarded|forwarded]"
          + " [--access-token-ttl DURATION]"
          + " [--clock-skew DURATION] [--session-mode bearer|cookie|both]";

  private CommandLine() {}

  /**
   * The options {@code args} give, over the defaults (port 8080, {@code ~/.refauth-sample}); the {@code --jdbc-*}
   * options are set as system properties on the way. Empty when {@code --help} printed the usage; a bad option
   * prints the problem and the usage and exits with status 2.
   */
  static Optional<SampleLauncher.Options> parse(String[] args) {
    SampleLauncher.Options options =
        SampleLauncher.options()
            .data(Path.of(System.getProperty("user.home"), ".refauth-sample"))
            .port(8080);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> options.port(parsePort(value(args, ++i, "--port")));
        case "--data" -> options.data(Path.of(value(args, ++i, "--data")));
        case "--no-demo-oidc" -> options.demoOidc(false);
        case "--refine" -> options.refine(Path.of(value(args, ++i, "--refine")));
        case "--jdbc-url" ->
            System.setProperty(SampleLauncher.JDBC_URL_PROPERTY, value(args, ++i, "--jdbc-url"));
        case "--jdbc-user" ->
            System.setProperty(SampleLauncher.JDBC_USER_PROPERTY, value(args, ++i, "--jdbc-user"));
        case "--jdbc-password" ->
            System.setProperty(
                SampleLauncher.JDBC_PASSWORD_PROPERTY, value(args, ++i, "--jdbc-password"));
        case "--allowed-origin" -> options.allowedOrigin(value(args, ++i, "--allowed-origin"));
        case "--public-origin" -> options.publicOrigin(value(args, ++i, "--public-origin"));
        case "--trusted-proxy" -> options.trustedProxy(value(args, ++i, "--trusted-proxy"));
        case "--trusted-proxy-headers" ->
            options.trustedProxyHeaders(value(args, ++i, "--trusted-proxy-headers"));
        case "--access-token-ttl" -> options.accessTokenTtl(value(args, ++i, "--access-token-ttl"));
        case "--clock-skew" -> options.clockSkew(value(args, ++i, "--clock-skew"));
        case "--session-mode" -> options.sessionMode(value(args, ++i, "--session-mode"));
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return Optional.empty();
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    return Optional.of(options);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      usage(option + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535) {
        usage("--port must be from 0 to 65535");
      }
      return p;
    } catch (NumberFormatException e) {
      usage("--port must be a number");
      return -1;
    }
  }

  private static void usage(String problem) {
    System.err.println(problem + "\n" + USAGE);
    System.exit(2);
  }
}
