package org.fgsbir.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;

/** Builds tiny test sketches and their Quick, Draw! ndjson lines. */
public final class TestSketches {
  private TestSketches() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A sketch of shape {@code variant} ({@link TestShapes}), paired with {@code photoId}. */
  public static Sketch shape(String id, String category, String photoId, String split, int variant) {
    List<Stroke> strokes = new ArrayList<>();
    for (float[][] s : TestShapes.strokes(variant)) {
      strokes.add(Stroke.of(s[0], s[1]));
    }
    return new Sketch(id, category, photoId, split, strokes);
  }

  /**
   * The sketch as one Quick, Draw! raw-format ndjson line ({@code key_id, word, countrycode, timestamp,
   * recognized, drawing} plus the fgsbir fields {@code photo_id} and {@code split} when present). Point
   * times are 10 ms apart when the strokes carry none.
   */
  public static String quickDrawLine(Sketch sketch) {
    ObjectNode o = JSON.createObjectNode();
    o.put("key_id", sketch.id());
    o.put("word", sketch.category());
    o.put("countrycode", "ZZ");
    o.put("timestamp", "2024-01-01 00:00:00.00000 UTC");
    o.put("recognized", true);
    ArrayNode drawing = o.putArray("drawing");
    long t = 0;
    for (Stroke s : sketch.strokes()) {
      ArrayNode stroke = drawing.addArray();
      ArrayNode xs = stroke.addArray();
      ArrayNode ys = stroke.addArray();
      ArrayNode ts = stroke.addArray();
      for (int i = 0; i < s.size(); i++) {
        xs.add(s.x(i));
        ys.add(s.y(i));
        if (s.hasTime()) {
          ts.add(s.t(i));
        } else {
          ts.add(t);
          t += 10;
        }
      }
    }
    sketch.photoId().ifPresent(p -> o.put("photo_id", p));
    sketch.split().ifPresent(s -> o.put("split", s));
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the lines (each followed by a newline) to {@code file}, creating parent folders. */
  public static Path writeLines(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
