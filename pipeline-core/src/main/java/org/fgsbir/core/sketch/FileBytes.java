package org.fgsbir.core.sketch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Helpers of the whole-file readers: reading a file with a size guard, categories, names, messages. */
final class FileBytes {
  /** The largest file read whole (1 GiB). */
  static final long MAX_FILE_BYTES = 1L << 30;

  private FileBytes() {}

  static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new SketchFormatException(file.toString(), 0, null, "is " + size + " bytes, more than the "
            + MAX_FILE_BYTES + " bytes a whole-file sketch format may have", "split it into smaller files");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Cannot read sketches from " + file + ": the file does not exist; "
          + "check the path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sketches from " + file + ": " + e
          + "; check that the file is readable", e);
    }
  }

  static void requireCategory(String category, String source) {
    if (category == null || category.isBlank()) {
      throw new SketchFormatException(source, 0, null, "no category given (the file carries none)",
          "pass the category of the file's sketches, e.g. chair");
    }
  }

  /** The message of a {@link SketchXReader#fromRows} failure without its {@code sketch <id>: } prefix. */
  static String withoutSketchPrefix(String message, String id) {
    String prefix = "sketch " + id + ": ";
    return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  static String fileName(String name) {
    String n = name.replace('\\', '/');
    return n.substring(n.lastIndexOf('/') + 1);
  }
}
