package org.fgsbir.core.sketch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The ndjson sketch formats the readers understand. */
public enum SketchFormat {
  /** Google Quick, Draw! ndjson ({@code key_id}, {@code word}, {@code drawing}); {@link QuickDrawReader}. */
  QUICKDRAW("quickdraw"),
  /** SketchX / QMUL {@code [x, y, pen]} rows ({@code sketch_id}, {@code points}); {@link SketchXReader}. */
  SKETCHX("sketchx");

  private final String configName;

  SketchFormat(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration and on the command line: {@code quickdraw} or {@code sketchx}. */
  public String configName() {
    return configName;
  }

  /**
   * The format with the given configuration name ({@code quickdraw} or {@code sketchx}; case and
   * surrounding blanks are ignored).
   *
   * @throws IllegalArgumentException for any other name, listing the accepted ones
   */
  public static SketchFormat parse(String name) {
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (SketchFormat format : values()) {
      if (format.configName.equals(key)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Unknown sketch format '" + name + "'; use quickdraw (Quick, Draw! "
        + "ndjson with \"drawing\") or sketchx (rows [x, y, pen] in \"points\")");
  }

  /**
   * Tells the format from a file's first non-blank line: a JSON object with {@code "drawing"} is
   * Quick, Draw!, one with {@code "points"} is SketchX.
   *
   * @param firstNonBlankLine the first non-blank line of the file
   * @throws IllegalArgumentException if the line is not a JSON object or has both or neither field
   */
  public static SketchFormat detect(String firstNonBlankLine) {
    try {
      return detect(firstNonBlankLine, new RecordContext(null, 0));
    } catch (SketchFormatException e) {
      throw new IllegalArgumentException("C" + e.reason().substring(1) + "; " + e.fix(), e);
    }
  }

  /** As {@link #detect(String)}, but failing with a located {@link SketchFormatException}. */
  static SketchFormat detect(String firstNonBlankLine, RecordContext at) {
    String fix =
        "set the format explicitly: quickdraw (records with \"drawing\") or sketchx (with \"points\")";
    ObjectNode record;
    try {
      record = JsonRecords.parseObject(firstNonBlankLine, at, "");
    } catch (SketchFormatException e) {
      throw at.fail("cannot tell the sketch format: " + e.reason(), e.fix(), e);
    }
    boolean drawing = record.has("drawing");
    boolean points = record.has("points");
    if (drawing == points) {
      throw at.fail("cannot tell the sketch format: the first record has "
          + (drawing ? "both \"drawing\" and \"points\"" : "neither \"drawing\" nor \"points\""), fix);
    }
    return drawing ? QUICKDRAW : SKETCHX;
  }
}
