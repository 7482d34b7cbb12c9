package org.fgsbir.core.sketch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Google Quick, Draw! ndjson: one JSON object per line with {@code key_id} (string or integer; the
 * sketch id), {@code word} (the category) and {@code drawing}, a list of strokes. A stroke is either
 * simplified, {@code [[x0,x1,...],[y0,y1,...]]}, or raw, {@code [[x...],[y...],[t...]]} with per-point
 * times in milliseconds, which become {@link Stroke#ts()}; all strokes of a drawing must be of the same
 * kind. Two optional fgsbir fields pair a sketch with a photo: {@code photo_id} and {@code split}. Other
 * fields ({@code countrycode}, {@code timestamp}, {@code recognized}, ...) are ignored.
 *
 * <p>Reading is strict: every problem is a {@link SketchFormatException} naming the source, the line and,
 * when known, the sketch id.
 */
public final class QuickDrawReader {
  private static final String SHAPE =
      "such as {\"key_id\":\"1\",\"word\":\"shoe\",\"drawing\":[[[x0,x1,...],[y0,y1,...]],...]}";
  private static final String STROKE_SHAPE =
      "a stroke is [[x0,x1,...],[y0,y1,...]] (simplified) or [[x...],[y...],[t...]] (raw, with times)";

  private QuickDrawReader() {}

  /**
   * Parses one Quick, Draw! record.
   *
   * @param source where the line came from (a file path), for messages
   * @param lineNumber 1-based line number, or 0 when unknown, for messages
   * @param json the line
   * @return the sketch, with photo id and split when the record has them
   * @throws SketchFormatException if the line is not a valid Quick, Draw! record
   */
  public static Sketch parseLine(String source, long lineNumber, String json) {
    RecordContext at = new RecordContext(source, lineNumber);
    ObjectNode record = JsonRecords.parseObject(json, at, SHAPE);
    at.identify(JsonRecords.requiredId(record, "key_id", at,
        "give every Quick, Draw! record a non-blank \"key_id\" (string or integer)"));
    String word = JsonRecords.requiredText(record, "word", at,
        "give every Quick, Draw! record its category as a non-blank string \"word\", e.g. \"shoe\"");
    String photoId = JsonRecords.optionalText(record, "photo_id", at,
        "\"photo_id\" is optional, but when present it must be the non-blank id of the paired photo");
    String split = JsonRecords.optionalText(record, "split", at,
        "\"split\" is optional, but when present it must be a non-blank name such as \"train\" or \"test\"");
    List<Stroke> strokes = strokes(record.get("drawing"), at);
    return new Sketch(at.sketchId(), word, photoId, split, strokes);
  }

  /**
   * Reads a whole Quick, Draw! ndjson file, streaming it line by line; a name ending in {@code .gz} is
   * read as gzip. Blank lines are skipped (they still count for line numbers); sketch ids must be unique
   * within the file. An empty file gives an empty list.
   *
   * @param file the ndjson file
   * @return the sketches in file order
   * @throws SketchFormatException on the first bad record
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<Sketch> readAll(Path file) {
    return SketchLines.readAll(file, QuickDrawReader::parseLine);
  }

  private static List<Stroke> strokes(JsonNode drawing, RecordContext at) {
    if (drawing == null || drawing.isNull()) {
      throw at.fail("missing field \"drawing\"",
          "give every record its strokes: \"drawing\": [stroke, ...]; " + STROKE_SHAPE);
    }
    if (!drawing.isArray()) {
      throw at.fail("\"drawing\" is " + JsonRecords.describe(drawing) + ", not an array of strokes",
          "write \"drawing\": [stroke, ...]; " + STROKE_SHAPE);
    }
    if (drawing.isEmpty()) {
      throw at.fail("\"drawing\" has no strokes", "drop the record or give it at least one stroke");
    }
    List<Stroke> strokes = new ArrayList<>(drawing.size());
    String firstKind = null;
    for (int i = 0; i < drawing.size(); i++) {
      Stroke stroke = stroke(drawing.get(i), "drawing[" + i + "]", at);
      String kind = stroke.hasTime() ? "raw (with times)" : "simplified (no times)";
      if (firstKind == null) {
        firstKind = kind;
      } else if (!kind.equals(firstKind)) {
        throw at.fail("drawing[" + i + "] is " + kind + " but drawing[0] is " + firstKind,
            "use all raw strokes [[x...],[y...],[t...]] or all simplified strokes [[x...],[y...]]");
      }
      strokes.add(stroke);
    }
    return strokes;
  }

  private static Stroke stroke(JsonNode node, String path, RecordContext at) {
    if (!node.isArray()) {
      throw at.fail(path + " is " + JsonRecords.describe(node) + ", not a stroke", STROKE_SHAPE);
    }
    if (node.size() < 2 || node.size() > 3) {
      throw at.fail(path + " has " + node.size() + (node.size() == 1 ? " array" : " arrays")
          + " instead of 2 (x, y) or 3 (x, y, t)",
          STROKE_SHAPE);
    }
    int n = -1;
    for (int c = 0; c < node.size(); c++) {
      JsonNode values = node.get(c);
      if (!values.isArray()) {
        throw at.fail(path + "[" + c + "] is " + JsonRecords.describe(values) + ", not an array of numbers",
            STROKE_SHAPE);
      }
      if (n < 0) {
        n = values.size();
      } else if (values.size() != n) {
        throw at.fail(path + " has arrays of different lengths (" + lengths(node) + ")",
            "give every point of the stroke an x, a y" + (node.size() == 3 ? " and a t" : ""));
      }
    }
    if (n == 0) {
      throw at.fail(path + " is an empty stroke (no points)", "remove the empty stroke from the drawing");
    }
    float[] xs = coordinates(node.get(0), path + "[0]", at);
    float[] ys = coordinates(node.get(1), path + "[1]", at);
    double[] ts = node.size() == 3 ? times(node.get(2), path + "[2]", at) : null;
    return Stroke.of(xs, ys, ts);
  }

  private static String lengths(JsonNode stroke) {
    StringBuilder sb = new StringBuilder();
    String[] names = {"x", "y", "t"};
    for (int c = 0; c < stroke.size(); c++) {
      sb.append(c == 0 ? "" : ", ").append(names[c]).append('=').append(stroke.get(c).size());
    }
    return sb.toString();
  }

  private static float[] coordinates(JsonNode values, String path, RecordContext at) {
    float[] out = new float[values.size()];
    for (int k = 0; k < out.length; k++) {
      String where = path + "[" + k + "]";
      double v = JsonRecords.number(values.get(k), where, at, "coordinates must be plain JSON numbers");
      float f = (float) v;
      if (!Float.isFinite(f)) {
        throw at.fail(where + " = " + v + " is not a finite 32-bit float",
            "coordinates must be finite numbers within +-3.4e38");
      }
      out[k] = f;
    }
    return out;
  }

  private static double[] times(JsonNode values, String path, RecordContext at) {
    double[] out = new double[values.size()];
    for (int k = 0; k < out.length; k++) {
      String where = path + "[" + k + "]";
      double v = JsonRecords.number(values.get(k), where, at,
          "times must be plain JSON numbers (milliseconds)");
      if (!Double.isFinite(v)) {
        throw at.fail(where + " = " + v + " is not a finite number",
            "times must be finite numbers (milliseconds)");
      }
      out[k] = v;
    }
    return out;
  }
}
