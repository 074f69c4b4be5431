package dev.refauth.resteasy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The requests these tests send to an application at a base URI: GET with a bearer token, POST of JSON. */
final class ApiCalls {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ApiCalls(Object base) {
    this.base = String.valueOf(base);
  }

  /** GET for text or JSON, with {@code token} as the bearer token unless it is empty. */
  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "text/plain, application/json");
    if (!token.isEmpty()) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST of {@code json}, with these extra headers (name, value, ...). */
  HttpResponse<String> post(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      r.headers(headers);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
