package dev.refauth.core.adapter;

import java.util.List;

/**
 * The transport's request as an adapter shows it to the core: each fact read from the container's own request when
 * the core asks for it, nothing copied up front. {@link dev.refauth.core.AuthRequest#of} wraps one; the guard reads
 * only what a decision needs (a bearer check reads one header; the peer's address is read only behind trusted
 * proxies or for throttling).
 *
 * <p>A view is valid while its request is being served, on the thread serving it: containers recycle their request
 * objects. Code that keeps something for later (a background task, an audit record) keeps the values, not the view.
 * The core may read a fact once and keep it for the request (the bearer token, the query's parameters): a filter that
 * rewrites headers does so before the adapter hands the request over.
 */
public interface RequestView {

  /** The HTTP method as sent, e.g. {@code GET} (methods are case-sensitive). */
  String method();

  /** The path inside the application, starting with {@code /}, as sent: not decoded, not normalized. */
  String path();

  /** The raw query string without {@code ?}; {@code ""} for none. */
  String query();

  /** The application's context path in the container, {@code ""} at the root. */
  String contextPath();

  /** The connection peer's address; {@code ""} when the transport does not know it. */
  String remoteAddress();

  /** Whether the connection to the container is TLS. */
  boolean secure();

  /** Every value of a header, by a case-insensitive name; empty when none was sent. */
  List<String> headers(String name);

  /** The names of the headers sent, in the order sent (one spelling per name). */
  List<String> headerNames();

  /** Every value of the cookies of that name, in the order sent; empty when none was sent. */
  List<String> cookies(String name);
}
