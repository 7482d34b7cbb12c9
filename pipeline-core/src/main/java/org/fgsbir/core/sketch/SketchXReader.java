package org.fgsbir.core.sketch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SketchX / QMUL (Shoe-V2, Chair-V2) vector sketches: a sequence of rows {@code [x, y, pen]} where
 * {@code pen = 1} marks the last point of a stroke and {@code pen = 0} any other point. A new stroke starts
 * after every point with {@code pen = 1}. If the final point has {@code pen = 0} the last stroke still ends
 * there (the end of the sketch closes it). Coordinates are kept as they are; there is no timing.
 *
 * <p>The ndjson form has one object per line:
 * {@code {"sketch_id":"/test/9910-02-carbon_1","split":"test","photo_id":"9910-02-carbon",
 * "points":[[x,y,pen],...]}} where {@code split} and {@code photo_id} are optional. The records carry no
 * category, so the caller supplies it.
 */
public final class SketchXReader {
  private static final String SHAPE =
      "such as {\"sketch_id\":\"/test/chair-1_1\",\"split\":\"test\",\"photo_id\":\"chair-1\","
          + "\"points\":[[x,y,pen],...]}";
  private static final String ROW_SHAPE =
      "each point is a row [x, y, pen] with finite x, y and pen 1 on the last point of a stroke, else 0";

  /** Reports a problem as the right exception type for the caller. */
  @FunctionalInterface
  private interface Failure {
    RuntimeException fail(String reason, String fix);
  }

  private SketchXReader() {}

  /**
   * Builds a sketch from {@code [x, y, pen]} rows.
   *
   * @param id non-blank sketch id
   * @param category non-blank category, e.g. {@code chair}
   * @param photoId paired photo id, or null
   * @param split dataset split, or null
   * @param rows at least one row, each {@code [x, y, pen]} with finite x, y and pen 0 or 1
   * @return the sketch
   * @throws IllegalArgumentException naming the sketch and the bad row if the rows are invalid
   */
  public static Sketch fromRows(String id, String category, String photoId, String split, float[][] rows) {
    Failure failure =
        (reason, fix) -> new IllegalArgumentException("sketch " + id + ": " + reason + "; " + fix);
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("sketch id is missing or blank; give every sketch a non-blank id");
    }
    if (category == null || category.isBlank()) {
      throw failure.fail("category is missing or blank", "pass the category, e.g. chair");
    }
    if (photoId != null && photoId.isBlank()) {
      throw failure.fail("photo id is blank", "pass null for an unpaired sketch or the paired photo's id");
    }
    if (split != null && split.isBlank()) {
      throw failure.fail("split is blank", "pass null or a split name such as train or test");
    }
    if (rows == null) {
      throw failure.fail("rows are missing", ROW_SHAPE);
    }
    return new Sketch(id, category, photoId, split, strokes(rows, "rows", failure));
  }

  /**
   * Parses one SketchX ndjson record.
   *
   * @param source where the line came from (a file path), for messages
   * @param lineNumber 1-based line number, or 0 when unknown, for messages
   * @param json the line
   * @param category the category of the sketches (the records carry none), e.g. {@code chair}
   * @return the sketch
   * @throws SketchFormatException if the line is not a valid SketchX record or no category was given
   */
  public static Sketch parseLine(String source, long lineNumber, String json, String category) {
    RecordContext at = new RecordContext(source, lineNumber);
    ObjectNode record = JsonRecords.parseObject(json, at, SHAPE);
    at.identify(JsonRecords.requiredId(record, "sketch_id", at,
        "give every SketchX record a non-blank \"sketch_id\" (string or integer)"));
    if (category == null || category.isBlank()) {
      throw at.fail("no category given (SketchX records carry none)",
          "pass the category of the file's sketches, e.g. chair");
    }
    String split = JsonRecords.optionalText(record, "split", at,
        "\"split\" is optional, but when present it must be a non-blank name such as \"train\" or \"test\"");
    String photoId = JsonRecords.optionalText(record, "photo_id", at,
        "\"photo_id\" is optional, but when present it must be the non-blank id of the paired photo");
    float[][] rows = rows(record.get("points"), at);
    return new Sketch(at.sketchId(), category, photoId, split, strokes(rows, "points", at::fail));
  }

  /**
   * Reads a whole SketchX ndjson file, streaming it line by line; a name ending in {@code .gz} is read as
   * gzip. Blank lines are skipped (they still count for line numbers); sketch ids must be unique within
   * the file. An empty file gives an empty list.
   *
   * @param file the ndjson file
   * @param category the category of the file's sketches, e.g. {@code chair}
   * @return the sketches in file order
   * @throws SketchFormatException on the first bad record
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<Sketch> readAll(Path file, String category) {
    return SketchLines.readAll(file, (source, line, json) -> parseLine(source, line, json, category));
  }

  private static float[][] rows(JsonNode points, RecordContext at) {
    if (points == null || points.isNull()) {
      throw at.fail("missing field \"points\"", "give every record its points: \"points\": [[x,y,pen],...]");
    }
    if (!points.isArray()) {
      throw at.fail("\"points\" is " + JsonRecords.describe(points) + ", not an array of [x, y, pen] rows",
          ROW_SHAPE);
    }
    float[][] rows = new float[points.size()][];
    for (int i = 0; i < rows.length; i++) {
      JsonNode row = points.get(i);
      String path = "points[" + i + "]";
      if (!row.isArray()) {
        throw at.fail(path + " is " + JsonRecords.describe(row) + ", not a row [x, y, pen]", ROW_SHAPE);
      }
      if (row.size() != 3) {
        throw at.fail(path + " has " + row.size() + " values instead of 3", ROW_SHAPE);
      }
      float[] values = new float[3];
      for (int c = 0; c < 3; c++) {
        values[c] = (float) JsonRecords.number(row.get(c), path + "[" + c + "]", at, ROW_SHAPE);
      }
      rows[i] = values;
    }
    return rows;
  }

  private static List<Stroke> strokes(float[][] rows, String name, Failure failure) {
    if (rows.length == 0) {
      throw failure.fail(name + " is empty (no points)", "drop the sketch or give it at least one point");
    }
    List<Stroke> strokes = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < rows.length; i++) {
      float[] row = rows[i];
      String path = name + "[" + i + "]";
      if (row == null || row.length != 3) {
        throw failure.fail(path + " has " + (row == null ? "no" : String.valueOf(row.length))
            + " values instead of 3", ROW_SHAPE);
      }
      if (!Float.isFinite(row[0]) || !Float.isFinite(row[1])) {
        throw failure.fail(path + " has a non-finite coordinate (" + row[0] + ", " + row[1] + ")",
            "coordinates must be finite numbers within +-3.4e38");
      }
      if (row[2] != 0f && row[2] != 1f) {
        throw failure.fail(path + " has pen value " + row[2] + ", not 0 or 1", ROW_SHAPE);
      }
      if (row[2] == 1f || i == rows.length - 1) {
        strokes.add(stroke(rows, start, i + 1));
        start = i + 1;
      }
    }
    return strokes;
  }

  private static Stroke stroke(float[][] rows, int from, int to) {
    float[] xs = new float[to - from];
    float[] ys = new float[to - from];
    for (int i = from; i < to; i++) {
      xs[i - from] = rows[i][0];
      ys[i - from] = rows[i][1];
    }
    return Stroke.of(xs, ys);
  }
}
