package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.fgsbir.core.sketch.CoordinatePickleReaderTest.Pickle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-level formats through {@link SketchReaders} and {@link SketchFormat}: names and detection. */
class SketchReadersFileTest {
  private static final String SKETCHX_LINE = "{\"sketch_id\":\"a\",\"points\":[[1,2,1]]}";
  private static final byte[] PICKLE = new Pickle().proto(2).op('}').str("/test/p_1")
      .array(1, new double[] {1, 2, 1}).op('s').op('.').bytes();

  @Test
  void newFormatsHaveConfigNamesAndAreFileLevel() {
    assertThat(SketchFormat.parse("SVG")).isEqualTo(SketchFormat.SVG);
    assertThat(SketchFormat.parse("stroke3")).isEqualTo(SketchFormat.STROKE3_NPZ);
    assertThat(SketchFormat.parse(" pickle")).isEqualTo(SketchFormat.COORDINATE_PICKLE);
    assertThat(List.of(SketchFormat.values())).filteredOn(SketchFormat::isLineBased)
        .containsExactly(SketchFormat.QUICKDRAW, SketchFormat.SKETCHX);
    assertThatThrownBy(() -> SketchFormat.parse("npy"))
        .hasMessageContaining("svg (").hasMessageContaining("stroke3 (").hasMessageContaining("pickle (");
  }

  @Test
  void detectFileUsesMagicBytesBeforeNames() {
    byte[] zip = Stroke3ReaderTest.zip(java.util.Map.of("a.npy", new byte[1]));
    byte[] npy = Stroke3ReaderTest.npy(1, "<f8", false, "(0, 3)", new byte[0]);

    assertThat(SketchFormat.detectFile("anything", PICKLE)).isEqualTo(SketchFormat.COORDINATE_PICKLE);
    assertThat(SketchFormat.detectFile("data.svg", zip)).isEqualTo(SketchFormat.STROKE3_NPZ);
    assertThat(SketchFormat.detectFile("x", utf8("\uFEFF  <?xml version=\"1.0\"?><svg/>")))
        .isEqualTo(SketchFormat.SVG);
    assertThat(SketchFormat.detectFile("x", utf8("\n" + SKETCHX_LINE + "\n"))).isEqualTo(SketchFormat.SKETCHX);
    assertThat(SketchFormat.detectFile("x.svg", new byte[0])).isEqualTo(SketchFormat.SVG);
    assertThat(SketchFormat.detectFile("x.NPZ", new byte[0])).isEqualTo(SketchFormat.STROKE3_NPZ);
    assertThat(SketchFormat.detectFile("x.pkl", new byte[0])).isEqualTo(SketchFormat.COORDINATE_PICKLE);
    assertThatThrownBy(() -> SketchFormat.detectFile("a.npy", npy))
        .hasMessageContaining("a bare .npy array is not supported");
    assertThatThrownBy(() -> SketchFormat.detectFile("a.bin", utf8("hello")))
        .hasMessageStartingWith("Cannot tell the sketch format of a.bin")
        .hasMessageContaining("stroke3");
    assertThatThrownBy(() -> SketchFormat.detectFile("a.ndjson.gz", new byte[] {0x1f, (byte) 0x8b}))
        .hasMessageContaining("SketchReaders.readAll");
  }

  @Test
  void readFileDetectsEachFormatFromPathsAndBytes(@TempDir Path dir) throws IOException {
    Path pickle = Files.write(dir.resolve("Coordinate"), PICKLE);
    Path ndjson = Files.writeString(dir.resolve("s.ndjson"), SKETCHX_LINE + "\n");
    Path gz = Files.write(dir.resolve("s.ndjson.gz"), gzip(SKETCHX_LINE + "\n"));

    List<Sketch> fromPickle = SketchReaders.readFile(pickle, null, "chair");
    List<Sketch> fromNdjson = SketchReaders.readFile(ndjson, null, "chair");

    assertThat(fromPickle).extracting(Sketch::id).containsExactly("p_1");
    assertThat(SketchReaders.readFile(pickle, SketchFormat.COORDINATE_PICKLE, "chair")).isEqualTo(fromPickle);
    assertThat(SketchReaders.readAll(pickle, SketchFormat.COORDINATE_PICKLE, "chair")).isEqualTo(fromPickle);
    assertThat(SketchReaders.readFile(PICKLE, "Coordinate", null, "chair")).isEqualTo(fromPickle);
    assertThat(fromNdjson).extracting(Sketch::id).containsExactly("a");
    assertThat(SketchReaders.readFile(gz, null, "chair")).isEqualTo(fromNdjson);
    assertThat(SketchReaders.readFile(Files.readAllBytes(gz), "s.ndjson.gz", null, "chair")).isEqualTo(fromNdjson);
    assertThat(SketchReaders.readFile(utf8(SKETCHX_LINE), "s.ndjson", SketchFormat.SKETCHX, "chair"))
        .isEqualTo(fromNdjson);
    assertThat(SketchReaders.readFile(utf8("\n" + SKETCHX_LINE), "s.ndjson", null, "chair"))
        .isEqualTo(fromNdjson);
  }

  @Test
  void readFileReportsDuplicateIdsInInMemoryNdjson() {
    assertThatThrownBy(() -> SketchReaders.readFile(utf8(SKETCHX_LINE + "\n" + SKETCHX_LINE), "s.ndjson",
        SketchFormat.SKETCHX, "chair"))
        .isInstanceOf(SketchFormatException.class)
        .hasMessageStartingWith("s.ndjson:2: sketch a: duplicate sketch id");
  }

  @Test
  void parseLineRefusesFileLevelFormats() {
    for (SketchFormat format : List.of(SketchFormat.SVG, SketchFormat.STROKE3_NPZ,
        SketchFormat.COORDINATE_PICKLE)) {
      assertThatThrownBy(() -> SketchReaders.parseLine(format, "f", 1, SKETCHX_LINE, "chair"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("as " + format.configName() + ": that format is read a whole file at a time");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(utf8(s));
    }
    return out.toByteArray();
  }
}
