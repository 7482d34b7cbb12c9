package org.fgsbir.core.samples;

import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;

/**
 * Writes a sketch as one Quick, Draw! raw ndjson line, keys in the fixed order {@code key_id, word,
 * countrycode, timestamp, recognized, drawing, photo_id, split}; coordinates and times as integers.
 */
final class QuickDrawRawWriter {
  private QuickDrawRawWriter() {}

  static String line(Sketch s, String timestamp) {
    StringBuilder b = new StringBuilder(4096);
    b.append("{\"key_id\":");
    string(b, s.id());
    b.append(",\"word\":");
    string(b, s.category());
    b.append(",\"countrycode\":\"ZZ\",\"timestamp\":");
    string(b, timestamp);
    b.append(",\"recognized\":true,\"drawing\":[");
    boolean firstStroke = true;
    for (Stroke st : s.strokes()) {
      if (!firstStroke) {
        b.append(',');
      }
      firstStroke = false;
      b.append('[');
      numbers(b, st.xs());
      b.append(',');
      numbers(b, st.ys());
      b.append(",[");
      for (int i = 0; i < st.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(Math.round(st.t(i)));
      }
      b.append("]]");
    }
    b.append("],\"photo_id\":");
    string(b, s.photoId().orElseThrow());
    b.append(",\"split\":");
    string(b, s.split().orElseThrow());
    b.append('}');
    return b.toString();
  }

  private static void numbers(StringBuilder b, float[] v) {
    b.append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(Math.round(v[i]));
    }
    b.append(']');
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
