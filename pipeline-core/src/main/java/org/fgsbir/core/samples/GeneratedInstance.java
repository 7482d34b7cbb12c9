package org.fgsbir.core.samples;

import java.util.List;
import org.fgsbir.core.sketch.Sketch;

/**
 * One generated catalogue instance: its photo (PNG bytes), its paired sketches and the exact text the
 * generator writes for it (manifest row, ndjson lines). Produced by
 * {@link SampleCatalogueGenerator#generateInstance}; the same (seed, category, index) always gives the
 * same bytes, whatever the number of instances generated.
 */
public final class GeneratedInstance {
  private final SampleCategory category;
  private final int index;
  private final String photoId;
  private final String split;
  private final byte[] photoPng;
  private final List<Sketch> sketches;
  private final List<String> ndjsonLines;

  GeneratedInstance(SampleCategory category, int index, String photoId, String split, byte[] photoPng,
      List<Sketch> sketches, List<String> ndjsonLines) {
    this.category = category;
    this.index = index;
    this.photoId = photoId;
    this.split = split;
    this.photoPng = photoPng;
    this.sketches = List.copyOf(sketches);
    this.ndjsonLines = List.copyOf(ndjsonLines);
  }

  /** The category. */
  public SampleCategory category() {
    return category;
  }

  /** The 1-based instance index within its category. */
  public int index() {
    return index;
  }

  /** The photo id, e.g. {@code shoe-0001}. */
  public String photoId() {
    return photoId;
  }

  /** {@code train} or {@code test}; all sketches of the instance share it. */
  public String split() {
    return split;
  }

  /** A copy of the encoded 256 x 256 RGB PNG photo. */
  public byte[] photoPng() {
    return photoPng.clone();
  }

  /** The photo's path relative to the manifest's folder, e.g. {@code photos/shoe/shoe-0001.png}. */
  public String photoPath() {
    return "photos/" + category.word() + "/" + photoId + ".png";
  }

  /** The manifest row (no line terminator): {@code photo_id,category,split,path}. */
  public String manifestRow() {
    return photoId + "," + category.word() + "," + split + "," + photoPath();
  }

  /** The paired sketches, with integer coordinates and times in ms, in the order written. */
  public List<Sketch> sketches() {
    return sketches;
  }

  /** The Quick, Draw! raw ndjson lines (no line terminators), one per sketch. */
  public List<String> ndjsonLines() {
    return ndjsonLines;
  }
}
