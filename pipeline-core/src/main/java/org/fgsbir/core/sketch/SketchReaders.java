package org.fgsbir.core.sketch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** One entry point over the sketch readers, choosing by {@link SketchFormat}. */
public final class SketchReaders {
  private SketchReaders() {}

  /**
   * Parses one record in the given format.
   *
   * @param format the record format
   * @param source where the line came from (a file path), for messages
   * @param lineNumber 1-based line number, or 0 when unknown, for messages
   * @param json the line
   * @param defaultCategory the category for formats whose records carry none (SketchX); Quick, Draw!
   *     records must carry their own {@code word} and ignore it
   * @return the sketch
   * @throws SketchFormatException if the line is not a valid record
   */
  public static Sketch parseLine(
      SketchFormat format, String source, long lineNumber, String json, String defaultCategory) {
    Objects.requireNonNull(format, "format");
    return switch (format) {
      case QUICKDRAW -> QuickDrawReader.parseLine(source, lineNumber, json);
      case SKETCHX -> SketchXReader.parseLine(source, lineNumber, json, defaultCategory);
    };
  }

  /**
   * Reads a whole ndjson sketch file, streaming it line by line (gzip when the name ends in {@code .gz}).
   * Blank lines are skipped (they still count for line numbers); sketch ids must be unique within the
   * file. An empty file gives an empty list.
   *
   * @param file the ndjson file
   * @param format the format, or null to detect it from the first non-blank line
   *     ({@link SketchFormat#detect})
   * @param defaultCategory the category for formats whose records carry none (SketchX)
   * @return the sketches in file order
   * @throws SketchFormatException on the first bad record, or when the format cannot be detected
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<Sketch> readAll(Path file, SketchFormat format, String defaultCategory) {
    if (format != null) {
      return SketchLines.readAll(file, (source, line, json) ->
          parseLine(format, source, line, json, defaultCategory));
    }
    SketchFormat[] detected = new SketchFormat[1];
    return SketchLines.readAll(file, (source, line, json) -> {
      if (detected[0] == null) {
        detected[0] = SketchFormat.detect(json, new RecordContext(source, line));
      }
      return parseLine(detected[0], source, line, json, defaultCategory);
    });
  }
}
