package org.fgsbir.core.sketch;

/**
 * Where the record being read sits (source, line) and, once read, its sketch id; builds located
 * {@link SketchFormatException}s. One instance per record; not thread-safe.
 */
final class RecordContext {
  private final String source;
  private final long line;
  private String sketchId;

  RecordContext(String source, long line) {
    this.source = source;
    this.line = line;
  }

  /** Records the sketch id so that later errors name it. */
  void identify(String id) {
    this.sketchId = id;
  }

  String sketchId() {
    return sketchId;
  }

  SketchFormatException fail(String reason, String fix) {
    return new SketchFormatException(source, line, sketchId, reason, fix);
  }

  SketchFormatException fail(String reason, String fix, Throwable cause) {
    return new SketchFormatException(source, line, sketchId, reason, fix, cause);
  }
}
