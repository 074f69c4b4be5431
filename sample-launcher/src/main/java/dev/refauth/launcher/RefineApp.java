package dev.refauth.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/** A built Refine app (e.g. {@code examples/refine-admin/dist}), served beside the sample. */
final class RefineApp {
  private RefineApp() {}

  /**
   * @throws IllegalStateException if {@code dir} has no index.html
   */
  static void checkBuilt(Path dir) {
    if (!Files.isRegularFile(dir.resolve("index.html"))) {
      throw new IllegalStateException(
          dir
              + " has no index.html; build it with: cd examples/refine-admin && npm ci && npm run build");
    }
  }

  /**
   * The built Refine app: its files, and its index.html for any other path under it, since the app routes on the
   * client ({@code /refine/login} reloaded is the app's login page, not a missing file).
   */
  static Handler handler(Path dir) throws IOException {
    Path root = dir.toRealPath(); // canonical: Jetty refuses aliased paths
    ResourceHandler files = new ResourceHandler();
    files.setBaseResource(ResourceFactory.of(files).newResource(root));
    files.setWelcomeFiles("index.html");
    return new Handler.Wrapper(files) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        String path = Request.getPathInContext(request);
        Path file = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        if (path.equals("/") || (file.startsWith(root) && Files.isRegularFile(file))) {
          return super.handle(request, response, callback);
        }
        HttpURI index =
            HttpURI.build(request.getHttpURI())
                .path(Request.getContextPath(request) + "/index.html")
                .query(null);
        return super.handle(
            new Request.Wrapper(request) {
              @Override
              public HttpURI getHttpURI() {
                return index;
              }
            },
            response,
            callback);
      }
    };
  }
}
