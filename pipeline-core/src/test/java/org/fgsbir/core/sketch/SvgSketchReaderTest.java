package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SVG reader on hand-written sketches in the QMUL / Sketchy style (src/test/resources/svg/shoes) with
 * expectations worked out by hand from the path data, and on malformed and hostile files.
 */
class SvgSketchReaderTest {
  private static final Path SHOES = Path.of(System.getProperty("fgsbir.project.root", "."))
      .resolve("pipeline-core/src/test/resources/svg/shoes");

  @Test
  void pathsPolylinesAndLinesBecomeStrokesInDocumentOrderThroughTheirTransforms() {
    Sketch sketch = SvgSketchReader.read(SHOES.resolve("2429245009_1.svg"), "shoe");

    assertThat(sketch.id()).isEqualTo("2429245009_1");
    assertThat(sketch.photoId()).contains("2429245009");
    assertThat(sketch.category()).isEqualTo("shoe");
    assertThat(sketch.split()).isEmpty();
    // group: translate(10,20) scale(2) -> (10 + 2x, 20 + 2y); defs and rect are ignored
    assertThat(sketch.strokes()).containsExactly(
        stroke(12, 24, 16, 28, 20, 28),
        // m10 10 l5 0 h5 v5 z
        stroke(30, 40, 40, 40, 50, 40, 50, 50, 30, 40),
        // inner matrix(1 0 0 -1 0 100) flips y to 100 - y, then the group transform
        stroke(10, 220, 30, 220, 30, 200),
        stroke(100, 100, 120, 110));
  }

  @Test
  void curvesAreFlattenedSmoothCommandsReflectAndEachSubpathIsAStroke() {
    Sketch sketch = SvgSketchReader.read(SHOES.resolve("2429245009_2.svg"), "shoe");
    int n = SvgSketchReader.CURVE_SEGMENTS;

    // "M200,200" only moves and draws nothing: dropped.
    assertThat(sketch.strokeCount()).isEqualTo(3);
    Stroke cubic = sketch.strokes().get(0);
    assertThat(cubic.size()).isEqualTo(1 + 2 * n);
    assertPoint(cubic, 0, 20, 20);
    assertPoint(cubic, n, 60, 20);
    assertPoint(cubic, 2 * n, 100, 20);
    // B(1/2) of C (20,20) (30,10) (50,10) (60,20) = (P0 + 3 P1 + 3 P2 + P3) / 8
    assertPoint(cubic, n / 2, (20 + 90 + 150 + 60) / 8.0, (20 + 30 + 30 + 20) / 8.0);
    // S reflects (50,10) about (60,20): first control (70,30); B(1/2) with (90,30), (100,20)
    assertPoint(cubic, n + n / 2, (60 + 210 + 270 + 100) / 8.0, (20 + 90 + 90 + 20) / 8.0);
    Stroke quadratic = sketch.strokes().get(1);
    assertThat(quadratic.size()).isEqualTo(1 + 2 * n);
    // Q (20,80) (40,60) (60,80): B(1/2) = (P0 + 2 P1 + P2) / 4
    assertPoint(quadratic, n / 2, 40, 70);
    // T reflects (40,60) about (60,80): control (80,100)
    assertPoint(quadratic, n + n / 2, 80, 90);
    assertPoint(quadratic, 2 * n, 100, 80);
    // "m10-10.5.5-2e1": compact numbers, implicit relative lineto after a relative moveto
    assertThat(sketch.strokes().get(2)).isEqualTo(Stroke.of(new float[] {10, 10.5f},
        new float[] {-10.5f, -30.5f}));
  }

  @Test
  void arcsFollowTheirEllipse() {
    Stroke arc = SvgSketchReader.read(SHOES.resolve("3302107001_12.svg"), "shoe").strokes().get(0);

    assertThat(arc.size()).isEqualTo(1 + SvgSketchReader.CURVE_SEGMENTS);
    for (int i = 0; i < arc.size(); i++) {
      assertThat(Math.hypot(arc.x(i) - 10, arc.y(i))).as("radius at %d", i).isCloseTo(10, within(1e-4));
      // sweep-flag 1 turns clockwise on screen (y down): through y < 0
      assertThat(arc.y(i)).as("y at %d", i).isLessThanOrEqualTo(1e-4f);
    }
    assertPoint(arc, SvgSketchReader.CURVE_SEGMENTS / 2, 10, -10);
    assertPoint(arc, arc.size() - 1, 20, 0);
  }

  @Test
  void aFolderReadsItsSvgFilesInNameOrder() {
    List<Sketch> sketches = SvgSketchReader.readFolder(SHOES, "shoe");

    assertThat(sketches).extracting(Sketch::id)
        .containsExactly("2429245009_1", "2429245009_2", "3302107001_12");
    assertThat(sketches).extracting(s -> s.photoId().orElseThrow())
        .containsExactly("2429245009", "2429245009", "3302107001");
    assertThat(SketchReaders.readFile(SHOES, null, "shoe")).isEqualTo(sketches);
    assertThat(SketchReaders.readFile(SHOES, SketchFormat.SVG, "shoe")).isEqualTo(sketches);
  }

  @Test
  void namesWithoutACountHaveNoPhotoAndBytesReadLikeFiles() throws IOException {
    byte[] svg = Files.readAllBytes(SHOES.resolve("3302107001_12.svg"));

    Sketch unpaired = SvgSketchReader.read(svg, "some/dir/free drawing.svg", "shoe");
    List<Sketch> detected = SketchReaders.readFile(svg, "x/3302107001_12.svg", null, "shoe");

    assertThat(unpaired.id()).isEqualTo("free drawing");
    assertThat(unpaired.photoId()).isEmpty();
    assertThat(detected).containsExactly(SvgSketchReader.read(SHOES.resolve("3302107001_12.svg"), "shoe"));
  }

  @Test
  void externalEntitiesAreRefusedWithoutBeingResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "M0 0 L1 1");
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"&xxe;\"/></svg>";

    assertRefused(xxe, "the SVG has a DOCTYPE declaration, which is refused");
  }

  @Test
  void entityExpansionAndExternalDtdsAreRefused() {
    StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
        + "<!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";")
          .repeat(10)).append("\">\n");
    }
    laughs.append("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><title>&lol9;</title>"
        + "<path d=\"M0 0 L1 1\"/></svg>");
    String externalDtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
        + "\"http://127.0.0.1:9/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0 L1 1\"/>"
        + "</svg>";

    assertRefused(laughs.toString(), "DOCTYPE declaration, which is refused");
    assertRefused(externalDtd, "DOCTYPE declaration, which is refused");
    assertRefused("<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"&undeclared;\"/></svg>",
        "not well-formed XML");
  }

  @Test
  void malformedSvgsAreRefusedNamingTheFileAndTheElement() {
    String open = "<svg xmlns=\"http://www.w3.org/2000/svg\">";
    assertRefused("not xml at all", "not well-formed XML");
    assertRefused("<html><path d=\"M0 0 L1 1\"/></html>", "the root element is <html>, not <svg>");
    assertRefused(open + "<rect width=\"5\" height=\"5\"/></svg>", "the SVG has no strokes");
    assertRefused(open + "<path d=\"M 1\"/></svg>", "<path> #1: expected a number at character 3");
    assertRefused(open + "<path d=\"M0 0 L1 1\"/><path d=\"M0 0 X 5 5\"/></svg>",
        "<path> #2: unknown path command 'X'");
    assertRefused(open + "<path d=\"5 5\"/></svg>", "does not start with a command");
    assertRefused(open + "<path/></svg>", "path has no data");
    assertRefused(open + "<polyline points=\"1,2 3\"/></svg>", "has an odd number of coordinates (3)");
    assertRefused(open + "<g transform=\"shear(2)\"><path d=\"M0 0 L1 1\"/></g></svg>",
        "<g> #1: bad transform \"shear(2)\": unknown transform function shear");
    assertRefused(open + "<path transform=\"scale(1 2 3)\" d=\"M0 0 L1 1\"/></svg>",
        "scale takes 1 or 2 numbers, not 3");
    assertRefused(open + "<path d=\"M0 0 L1e999 1\"/></svg>", "number 1e999 is not finite");
    assertRefused(open + "<path transform=\"scale(1e300)\" d=\"M0 0 L1e300 1\"/></svg>",
        "point 1 is not finite after its transforms");
    assertRefused(open + "<line x1=\"a\"/></svg>", "x1=\"a\" is not a finite number");
    assertRefused(open + "<g>".repeat(300) + "<path d=\"M0 0 L1 1\"/>" + "</g>".repeat(300) + "</svg>",
        "<g> #257: elements nest deeper than 256 levels");
  }

  @Test
  void aCategoryIsRequired() {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> SvgSketchReader.read(new byte[0], "a_1.svg", null));

    assertThat(e).hasMessage("a_1.svg: no category given (the file carries none); pass the category of the "
        + "file's sketches, e.g. chair");
  }

  private static void assertRefused(String svg, String part) {
    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> SvgSketchReader.read(svg.getBytes(StandardCharsets.UTF_8), "bad/7_1.svg", "shoe"));
    assertThat(e).as("refused: %s", part).isNotNull();
    assertThat(e.getMessage()).startsWith("bad/7_1.svg").contains("sketch 7_1: ").contains(part);
  }

  private static void assertPoint(Stroke s, int i, double x, double y) {
    assertThat((double) s.x(i)).as("x[%d]", i).isCloseTo(x, within(1e-4));
    assertThat((double) s.y(i)).as("y[%d]", i).isCloseTo(y, within(1e-4));
  }

  private static Stroke stroke(float... xy) {
    float[] xs = new float[xy.length / 2];
    float[] ys = new float[xy.length / 2];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = xy[2 * i];
      ys[i] = xy[2 * i + 1];
    }
    return Stroke.of(xs, ys);
  }
}
