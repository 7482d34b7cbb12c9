package org.fgsbir.core.raster;

import static org.fgsbir.core.raster.GoldenImages.assertMatchesGolden;

import org.fgsbir.core.raster.RasterOptions.Placement;
import org.fgsbir.core.raster.RasterOptions.Polarity;
import org.fgsbir.core.sketch.Sketch;
import org.junit.jupiter.api.Test;

/** Renders hand-made sketches and compares them pixel by pixel with checked-in PNGs. */
class RasterizerGoldenTest {

  private static RasterOptions fit(int size, float lineWidth, float padding) {
    return new RasterOptions(size, lineWidth, padding, Polarity.DARK_ON_LIGHT, Placement.FIT_SKETCH_BOUNDS,
        256f);
  }

  @Test
  void singleDotIsADiscAtTheCentre() throws Exception {
    assertMatchesGolden("dot", Rasterizer.render(TestSketches.dot(), fit(32, 9f, 4f)));
  }

  @Test
  void oneDiagonalLineFillsTheWidth() throws Exception {
    assertMatchesGolden("line", Rasterizer.render(TestSketches.line(), fit(32, 2f, 3f)));
  }

  @Test
  void multiStrokeHouse() throws Exception {
    assertMatchesGolden("house", Rasterizer.render(TestSketches.house(), fit(64, 2f, 6f)));
  }

  @Test
  void partialHouseSitsInTheCompleteHousesBox() throws Exception {
    Sketch house = TestSketches.house();
    assertMatchesGolden("house-first7points",
        Rasterizer.render(house.firstPoints(7), house, fit(64, 2f, 6f)));
  }

  @Test
  void verticalLineWithZeroWidthBoxIsCentred() throws Exception {
    assertMatchesGolden("vertical", Rasterizer.render(TestSketches.verticalLine(), fit(32, 3f, 4f)));
  }

  @Test
  void referenceCodePresetDrawsLightInkOnDarkInAbsoluteCoordinates() throws Exception {
    assertMatchesGolden("shoe-reference-code",
        Rasterizer.render(TestSketches.shoeOnCanvas(), RasterOptions.referenceCode()));
  }
}
