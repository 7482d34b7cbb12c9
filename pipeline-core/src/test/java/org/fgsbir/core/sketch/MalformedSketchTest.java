package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per class of malformed record: each error names the file, line, sketch and problem. */
class MalformedSketchTest {
  private static final String FILE = "bad.ndjson";
  private static final long LINE = 7;

  static Stream<Arguments> quickDrawCases() {
    String ok = "\"key_id\":\"k1\",\"word\":\"shoe\"";
    return Stream.of(
        arguments("truncated JSON", "{\"key_id\":\"k1\",", "invalid JSON at column"),
        arguments("trailing content", "{" + ok + ",\"drawing\":[[[1],[2]]]} x", "invalid JSON at column"),
        arguments("duplicate key", "{" + ok + ",\"key_id\":\"k2\",\"drawing\":[[[1],[2]]]}",
            "invalid JSON at column"),
        arguments("NaN literal", "{" + ok + ",\"drawing\":[[[NaN],[2]]]}", "invalid JSON at column"),
        arguments("blank line", "   ", "the line is blank"),
        arguments("not an object", "[1,2]", "the line is an array of 2 elements, not a JSON object"),
        arguments("missing key_id", "{\"word\":\"shoe\",\"drawing\":[[[1],[2]]]}",
            "missing field \"key_id\""),
        arguments("blank key_id", "{\"key_id\":\" \",\"word\":\"shoe\",\"drawing\":[[[1],[2]]]}",
            "\"key_id\" is blank"),
        arguments("fractional key_id", "{\"key_id\":1.5,\"word\":\"shoe\",\"drawing\":[[[1],[2]]]}",
            "\"key_id\" is the number 1.5, not a string or an integer"),
        arguments("missing word", "{\"key_id\":\"k1\",\"drawing\":[[[1],[2]]]}",
            "sketch k1: missing field \"word\""),
        arguments("blank word", "{\"key_id\":\"k1\",\"word\":\"\",\"drawing\":[[[1],[2]]]}",
            "sketch k1: \"word\" is blank"),
        arguments("word not a string", "{\"key_id\":\"k1\",\"word\":3,\"drawing\":[[[1],[2]]]}",
            "sketch k1: \"word\" is the number 3, not a string"),
        arguments("blank photo_id", "{" + ok + ",\"photo_id\":\"\",\"drawing\":[[[1],[2]]]}",
            "sketch k1: \"photo_id\" is blank"),
        arguments("split not a string", "{" + ok + ",\"split\":1,\"drawing\":[[[1],[2]]]}",
            "sketch k1: \"split\" is the number 1, not a string"),
        arguments("missing drawing", "{" + ok + "}", "sketch k1: missing field \"drawing\""),
        arguments("drawing not an array", "{" + ok + ",\"drawing\":\"x\"}",
            "sketch k1: \"drawing\" is a string \"x\", not an array of strokes"),
        arguments("empty drawing", "{" + ok + ",\"drawing\":[]}", "sketch k1: \"drawing\" has no strokes"),
        arguments("stroke not an array", "{" + ok + ",\"drawing\":[[[1],[2]],5]}",
            "sketch k1: drawing[1] is the number 5, not a stroke"),
        arguments("stroke of one array", "{" + ok + ",\"drawing\":[[[1,2]]]}",
            "sketch k1: drawing[0] has 1 array instead of 2 (x, y) or 3 (x, y, t)"),
        arguments("stroke of four arrays", "{" + ok + ",\"drawing\":[[[1],[2],[3],[4]]]}",
            "sketch k1: drawing[0] has 4 arrays instead of 2 (x, y) or 3 (x, y, t)"),
        arguments("coordinates not an array", "{" + ok + ",\"drawing\":[[[1],5]]}",
            "sketch k1: drawing[0][1] is the number 5, not an array of numbers"),
        arguments("x and y lengths differ", "{" + ok + ",\"drawing\":[[[1,2],[3]]]}",
            "sketch k1: drawing[0] has arrays of different lengths (x=2, y=1)"),
        arguments("t length differs", "{" + ok + ",\"drawing\":[[[1,2],[3,4],[5]]]}",
            "sketch k1: drawing[0] has arrays of different lengths (x=2, y=2, t=1)"),
        arguments("empty stroke", "{" + ok + ",\"drawing\":[[[1],[2]],[[],[]]]}",
            "sketch k1: drawing[1] is an empty stroke (no points)"),
        arguments("string coordinate", "{" + ok + ",\"drawing\":[[[1,\"2\"],[3,4]]]}",
            "sketch k1: drawing[0][0][1] is a string \"2\", not a number"),
        arguments("null coordinate", "{" + ok + ",\"drawing\":[[[1,2],[3,null]]]}",
            "sketch k1: drawing[0][1][1] is null, not a number"),
        arguments("coordinate beyond float", "{" + ok + ",\"drawing\":[[[1,2],[3,1e39]]]}",
            "sketch k1: drawing[0][1][1] = 1.0E39 is not a finite 32-bit float"),
        arguments("infinite time", "{" + ok + ",\"drawing\":[[[1,2],[3,4],[0,1e400]]]}",
            "sketch k1: drawing[0][2][1] = Infinity is not a finite number"),
        arguments("timed and untimed strokes mixed", "{" + ok + ",\"drawing\":[[[1],[2],[3]],[[1],[2]]]}",
            "sketch k1: drawing[1] is simplified (no times) but drawing[0] is raw (with times)"));
  }

  @ParameterizedTest(name = "quickdraw: {0}")
  @MethodSource("quickDrawCases")
  void quickDrawErrorNamesFileLineAndProblem(String name, String json, String expected) {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> QuickDrawReader.parseLine(FILE, LINE, json));

    assertLocated(e, expected);
  }

  static Stream<Arguments> sketchXCases() {
    return Stream.of(
        arguments("truncated JSON", "{\"sketch_id\":\"a\",\"points\":[[1,2,1]", "invalid JSON at column"),
        arguments("missing sketch_id", "{\"points\":[[1,2,1]]}", "missing field \"sketch_id\""),
        arguments("sketch_id not a string", "{\"sketch_id\":[1],\"points\":[[1,2,1]]}",
            "\"sketch_id\" is an array of 1 element, not a string or an integer"),
        arguments("missing points", "{\"sketch_id\":\"a\"}", "sketch a: missing field \"points\""),
        arguments("points not an array", "{\"sketch_id\":\"a\",\"points\":{}}",
            "sketch a: \"points\" is an object, not an array of [x, y, pen] rows"),
        arguments("empty points", "{\"sketch_id\":\"a\",\"points\":[]}",
            "sketch a: points is empty (no points)"),
        arguments("row not an array", "{\"sketch_id\":\"a\",\"points\":[[1,2,0],7]}",
            "sketch a: points[1] is the number 7, not a row [x, y, pen]"),
        arguments("row of two values", "{\"sketch_id\":\"a\",\"points\":[[1,2]]}",
            "sketch a: points[0] has 2 values instead of 3"),
        arguments("row of four values", "{\"sketch_id\":\"a\",\"points\":[[1,2,0,0]]}",
            "sketch a: points[0] has 4 values instead of 3"),
        arguments("string value", "{\"sketch_id\":\"a\",\"points\":[[1,\"y\",1]]}",
            "sketch a: points[0][1] is a string \"y\", not a number"),
        arguments("pen 2", "{\"sketch_id\":\"a\",\"points\":[[1,2,0],[3,4,2]]}",
            "sketch a: points[1] has pen value 2.0, not 0 or 1"),
        arguments("pen 0.5", "{\"sketch_id\":\"a\",\"points\":[[1,2,0.5]]}",
            "sketch a: points[0] has pen value 0.5, not 0 or 1"),
        arguments("coordinate beyond float", "{\"sketch_id\":\"a\",\"points\":[[1e39,2,1]]}",
            "sketch a: points[0] has a non-finite coordinate (Infinity, 2.0)"),
        arguments("blank photo_id", "{\"sketch_id\":\"a\",\"photo_id\":\" \",\"points\":[[1,2,1]]}",
            "sketch a: \"photo_id\" is blank"));
  }

  @ParameterizedTest(name = "sketchx: {0}")
  @MethodSource("sketchXCases")
  void sketchXErrorNamesFileLineAndProblem(String name, String json, String expected) {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> SketchXReader.parseLine(FILE, LINE, json, "chair"));

    assertLocated(e, expected);
  }

  @Test
  void sketchXWithoutCategoryNamesTheSketch() {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> SketchXReader.parseLine(FILE, LINE, "{\"sketch_id\":\"a\",\"points\":[[1,2,1]]}", null));

    assertLocated(e, "sketch a: no category given (SketchX records carry none)");
  }

  @Test
  void lineNumbersInFilesCountBlankLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.ndjson");
    Files.writeString(file, "{\"key_id\":\"a\",\"word\":\"shoe\",\"drawing\":[[[1],[2]]]}\n\n\n"
        + "{\"key_id\":\"b\",\"word\":\"shoe\",\"drawing\":[[[1,2],[2]]]}\n");

    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> QuickDrawReader.readAll(file));

    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.sketchId()).contains("b");
    assertThat(e).hasMessageStartingWith(file + ":4: sketch b: drawing[0] has arrays of different lengths");
  }

  @Test
  void duplicateIdsInAFileNameBothLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("dup.ndjson");
    Files.writeString(file, "{\"sketch_id\":\"a\",\"points\":[[1,2,1]]}\n"
        + "{\"sketch_id\":\"b\",\"points\":[[1,2,1]]}\n"
        + "{\"sketch_id\":\"a\",\"points\":[[3,4,1]]}\n");

    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> SketchXReader.readAll(file, "chair"));

    assertThat(e.line()).isEqualTo(3);
    assertThat(e).hasMessageStartingWith(file + ":3: sketch a: duplicate sketch id (first seen on line 1)");
  }

  @Test
  void invalidUtf8NamesTheLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.ndjson");
    byte[] good = "{\"key_id\":\"a\",\"word\":\"shoe\",\"drawing\":[[[1],[2]]]}\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] bad = "{\"key_id\":\"b\",\"word\":\"chaise \u00e9\",\"drawing\":[[[1],[2]]]}\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(file, all);

    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> QuickDrawReader.readAll(file));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e).hasMessageContaining(file + ":2: the line is not valid UTF-8 text");
  }

  @Test
  void messageWithoutLineOrIdLeavesThemOut() {
    SketchFormatException e = new SketchFormatException("stdin", 0, null, "bad", "fix it");

    assertThat(e).hasMessage("stdin: bad; fix it");
    assertThat(e.line()).isZero();
    assertThat(e.sketchId()).isEmpty();
  }

  private static void assertLocated(SketchFormatException e, String expectedReasonStart) {
    assertThat(e).as("expected a SketchFormatException").isNotNull();
    assertThat(e.source()).isEqualTo(FILE);
    assertThat(e.line()).isEqualTo(LINE);
    assertThat(e).hasMessageStartingWith(FILE + ":" + LINE + ": " + expectedReasonStart);
    assertThat(e.fix()).isNotBlank();
    assertThat(e.getMessage()).endsWith("; " + e.fix());
  }
}
