package org.fgsbir.core.sketch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One entry point over the sketch readers, choosing by {@link SketchFormat}. */
public final class SketchReaders {
  private static final int DETECT_BYTES = 1 << 16;

  private SketchReaders() {}

  /**
   * Parses one record in a line-based format.
   *
   * @param format the record format ({@link SketchFormat#isLineBased() line-based})
   * @param source where the line came from (a file path), for messages
   * @param lineNumber 1-based line number, or 0 when unknown, for messages
   * @param json the line
   * @param defaultCategory the category for formats whose records carry none (SketchX); Quick, Draw!
   *     records must carry their own {@code word} and ignore it
   * @return the sketch
   * @throws SketchFormatException if the line is not a valid record
   * @throws IllegalArgumentException if the format is file-level (svg, stroke3, pickle)
   */
  public static Sketch parseLine(
      SketchFormat format, String source, long lineNumber, String json, String defaultCategory) {
    Objects.requireNonNull(format, "format");
    return switch (format) {
      case QUICKDRAW -> QuickDrawReader.parseLine(source, lineNumber, json);
      case SKETCHX -> SketchXReader.parseLine(source, lineNumber, json, defaultCategory);
      case SVG, STROKE3_NPZ, COORDINATE_PICKLE -> throw new IllegalArgumentException("Cannot parse a line of "
          + source + " as " + format.configName() + ": that format is read a whole file at a time; use "
          + "SketchReaders.readFile");
    };
  }

  /**
   * Reads a whole sketch file in any format. Line-based formats (ndjson) stream line by line as
   * {@link SketchLines} does (gzip when the name ends in {@code .gz}; blank lines skipped; ids unique);
   * file-level formats are read whole; for {@link SketchFormat#SVG} the path may also be a folder of
   * {@code .svg} files, read in name order.
   *
   * @param file the file (or, for SVG, a folder)
   * @param format the format, or null to detect it ({@link SketchFormat#detectFile}; a folder is SVG; a
   *     {@code .gz} file is ndjson whose first line tells the format)
   * @param defaultCategory the category for formats whose records carry none (all but Quick, Draw!)
   * @return the sketches in file order
   * @throws SketchFormatException on the first bad record, or when the format cannot be detected
   * @throws IllegalArgumentException when the format cannot be detected from the name or the content
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<Sketch> readFile(Path file, SketchFormat format, String defaultCategory) {
    Objects.requireNonNull(file, "file");
    SketchFormat chosen = format;
    if (chosen == null) {
      if (Files.isDirectory(file)) {
        chosen = SketchFormat.SVG;
      } else if (file.toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
        return readAll(file, null, defaultCategory);
      } else {
        byte[] head = head(file);
        if (startsWithJson(head)) {
          return readAll(file, null, defaultCategory); // detects from the whole first line, streaming
        }
        chosen = SketchFormat.detectFile(file.toString(), head);
      }
    }
    return switch (chosen) {
      case QUICKDRAW, SKETCHX -> readAll(file, chosen, defaultCategory);
      case SVG -> Files.isDirectory(file)
          ? SvgSketchReader.readFolder(file, defaultCategory)
          : List.of(SvgSketchReader.read(file, defaultCategory));
      case STROKE3_NPZ -> Stroke3Reader.readAll(file, defaultCategory);
      case COORDINATE_PICKLE -> CoordinatePickleReader.readAll(file, defaultCategory);
    };
  }

  /**
   * Reads a whole sketch file held in memory, in any format (as {@link #readFile(Path, SketchFormat,
   * String)}, without folders).
   *
   * @param content the file's bytes
   * @param fileName the file's name or path (SVG photo and sketch ids, stroke-3 ids, gzip, messages)
   * @param format the format, or null to detect it from the content and name
   * @param defaultCategory the category for formats whose records carry none (all but Quick, Draw!)
   * @return the sketches in file order
   * @throws SketchFormatException on the first bad record
   * @throws IllegalArgumentException when the format cannot be detected
   */
  public static List<Sketch> readFile(
      byte[] content, String fileName, SketchFormat format, String defaultCategory) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(fileName, "fileName");
    SketchFormat chosen = format;
    if (chosen == null) {
      if (fileName.toLowerCase(Locale.ROOT).endsWith(".gz")) {
        SketchFormat[] detected = new SketchFormat[1];
        return SketchLines.readAll(fileName, content, (source, line, json) -> {
          if (detected[0] == null) {
            detected[0] = SketchFormat.detect(json, new RecordContext(source, line));
          }
          return parseLine(detected[0], source, line, json, defaultCategory);
        });
      }
      chosen = SketchFormat.detectFile(fileName, content);
    }
    SketchFormat lineFormat = chosen;
    return switch (chosen) {
      case QUICKDRAW, SKETCHX -> SketchLines.readAll(fileName, content, (source, line, json) ->
          parseLine(lineFormat, source, line, json, defaultCategory));
      case SVG -> List.of(SvgSketchReader.read(content, fileName, defaultCategory));
      case STROKE3_NPZ -> Stroke3Reader.read(content, fileName, defaultCategory);
      case COORDINATE_PICKLE -> CoordinatePickleReader.read(content, fileName, defaultCategory);
    };
  }

  /**
   * Reads a whole ndjson sketch file, streaming it line by line (gzip when the name ends in {@code .gz}).
   * Blank lines are skipped (they still count for line numbers); sketch ids must be unique within the
   * file. An empty file gives an empty list. File-level formats are passed on to
   * {@link #readFile(Path, SketchFormat, String)}.
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
    if (format != null && !format.isLineBased()) {
      return readFile(file, format, defaultCategory);
    }
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

  private static boolean startsWithJson(byte[] head) {
    int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb
        && (head[2] & 0xff) == 0xbf ? 3 : 0;
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    return i < head.length && head[i] == '{';
  }

  private static byte[] head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(DETECT_BYTES);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Cannot read sketches from " + file + ": the file does not exist; "
          + "check the path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sketches from " + file + ": " + e
          + "; check that the file is readable", e);
    }
  }
}
