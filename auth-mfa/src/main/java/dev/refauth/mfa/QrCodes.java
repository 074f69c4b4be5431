package dev.refauth.mfa;

import io.nayuki.qrcodegen.QrCode;

/** QR codes as SVG, made on the server: the enrolment page shows the secret's URI without any outside service. */
public final class QrCodes {
  private QrCodes() {}

  /**
   * {@code text} as a QR code (error correction M, a quiet zone of four modules), an SVG document of black squares on
   * white that scales to any size.
   *
   * @throws IllegalArgumentException if the text is too long for a QR code
   */
  public static String svg(String text) {
    QrCode qr;
    try {
      qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    } catch (io.nayuki.qrcodegen.DataTooLongException e) {
      throw new IllegalArgumentException("too long for a QR code", e);
    }
    int border = 4;
    int size = qr.size + border * 2;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path d=\""
        + path
        + "\" fill=\"#000\"/></svg>";
  }
}
