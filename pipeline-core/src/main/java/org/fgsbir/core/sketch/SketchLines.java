package org.fgsbir.core.sketch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Streams an ndjson sketch file line by line (gzip when the name ends in {@code .gz}). Lines end at
 * {@code \n} (a preceding {@code \r} is dropped) and are decoded as strict UTF-8 one at a time, so a bad
 * byte is reported with its line number.
 */
final class SketchLines {
  private static final int BUFFER_BYTES = 1 << 16;

  /** Parses one non-blank line. */
  @FunctionalInterface
  interface LineParser {
    Sketch parse(String source, long lineNumber, String line);
  }

  private SketchLines() {}

  /**
   * Reads every non-blank line of {@code file} with {@code parser}. Line numbers count every line,
   * blank ones included. Sketch ids must be unique within the file.
   */
  static List<Sketch> readAll(Path file, LineParser parser) {
    return readAll(file.toString(), () -> open(file), parser);
  }

  /**
   * As {@link #readAll(Path, LineParser)} for a file's content held in memory ({@code name} ending in
   * {@code .gz}: gzip).
   */
  static List<Sketch> readAll(String name, byte[] content, LineParser parser) {
    return readAll(name, () -> {
      InputStream in = new java.io.ByteArrayInputStream(content);
      return name.endsWith(".gz") ? new GZIPInputStream(in, BUFFER_BYTES) : in;
    }, parser);
  }

  /** Opens the bytes to read. */
  @FunctionalInterface
  private interface Opener {
    InputStream open() throws IOException;
  }

  private static List<Sketch> readAll(String source, Opener opener, LineParser parser) {
    List<Sketch> sketches = new ArrayList<>();
    Map<String, Long> firstLineOfId = new HashMap<>();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    long lineNumber = 0;
    try (InputStream in = opener.open()) {
      ByteLines lines = new ByteLines(in);
      ByteBuffer raw;
      while ((raw = lines.next()) != null) {
        lineNumber++;
        String line = decode(raw, utf8, source, lineNumber);
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // UTF-8 byte order mark
        }
        if (line.isBlank()) {
          continue;
        }
        Sketch sketch = parser.parse(source, lineNumber, line);
        Long first = firstLineOfId.putIfAbsent(sketch.id(), lineNumber);
        if (first != null) {
          throw new SketchFormatException(source, lineNumber, sketch.id(),
              "duplicate sketch id (first seen on line " + first + ")",
              "give every sketch in a file its own id");
        }
        sketches.add(sketch);
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Cannot read sketches from " + source
          + ": the file does not exist; check the path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sketches from " + source + " after line " + lineNumber
          + ": " + e + "; check that the file is readable and, if compressed, complete gzip named *.gz", e);
    }
    return sketches;
  }

  private static String decode(ByteBuffer raw, CharsetDecoder utf8, String source, long line) {
    try {
      return utf8.reset().decode(raw).toString();
    } catch (CharacterCodingException e) {
      throw new SketchFormatException(source, line, null, "the line is not valid UTF-8 text (" + e + ")",
          "save the file as UTF-8 (gzip-compressed files must be named *.gz)", e);
    }
  }

  /** Splits a byte stream at {@code \n}, dropping the {@code \n} and a {@code \r} before it. */
  private static final class ByteLines {
    private final InputStream in;
    private byte[] buf = new byte[BUFFER_BYTES];
    private int start; // first byte of the next line
    private int end; // end of the valid bytes in buf
    private boolean eof;

    ByteLines(InputStream in) {
      this.in = in;
    }

    /** The next line's bytes (valid until the next call), or null at the end of the stream. */
    ByteBuffer next() throws IOException {
      int scan = start;
      while (true) {
        for (int i = scan; i < end; i++) {
          if (buf[i] == '\n') {
            ByteBuffer line = line(start, i);
            start = i + 1;
            return line;
          }
        }
        if (eof) {
          if (start == end) {
            return null; // nothing after the last newline
          }
          ByteBuffer line = line(start, end);
          start = end;
          return line;
        }
        scan = end - start;
        fill();
      }
    }

    private ByteBuffer line(int from, int to) {
      int length = to - from;
      if (length > 0 && buf[to - 1] == '\r') {
        length--;
      }
      return ByteBuffer.wrap(buf, from, length);
    }

    /** Moves the partial line to the front, grows the buffer if it is full, and reads more bytes. */
    private void fill() throws IOException {
      int pending = end - start;
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, pending);
      } else if (pending == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      start = 0;
      end = pending;
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      Path name = file.getFileName();
      if (name != null && name.toString().endsWith(".gz")) {
        return new GZIPInputStream(in, BUFFER_BYTES);
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
