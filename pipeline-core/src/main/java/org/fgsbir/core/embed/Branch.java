package org.fgsbir.core.embed;

/** The two branches of an FG-SBIR model, mapping into one embedding space. */
public enum Branch {
  /** Embeds catalogue photos (RGB or edge-map tensors). */
  PHOTO,
  /** Embeds complete or partial sketch rasters (1-channel tensors). */
  SKETCH
}
