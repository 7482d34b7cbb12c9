package org.fgsbir.core.raster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RasterOptionsTest {

  @Test
  void scaledToKeepsTheDrawingsProportions() {
    RasterOptions small = RasterOptions.defaults().scaledTo(112); // half of 224
    assertThat(small.size()).isEqualTo(112);
    assertThat(small.lineWidth()).isEqualTo(1.5f);
    assertThat(small.padding()).isEqualTo(8f);
    assertThat(small.polarity()).isEqualTo(RasterOptions.defaults().polarity());
    assertThat(small.placement()).isEqualTo(RasterOptions.defaults().placement());
  }

  @Test
  void scaledToKeepsLinesAtLeastOnePixelWide() {
    assertThat(RasterOptions.defaults().scaledTo(32).lineWidth()).isEqualTo(1f);
  }

  @Test
  void withSizeKeepsPixelMeasures() {
    RasterOptions big = RasterOptions.defaults().withSize(448);
    assertThat(big.lineWidth()).isEqualTo(3f);
    assertThat(big.padding()).isEqualTo(16f);
  }
}
