//! The real-digits asset (assets/digits.bin, written by scripts/digits-asset.mjs): 4,000
//! MNIST digits (LeCun, Cortes and Burges) averaged down to 14×14 grey levels, and the
//! split into a test set and a training pool.
//!
//! The format, little endian: b"GLD1", u32 count, u8 side, three zero bytes, `count`
//! label bytes (0..=9), then count·side² pixel bytes, row by row (0 = paper, 255 = ink).

/// Rows 0..TEST_COUNT of the asset are the test set; the rest are the training pool.
pub const TEST_COUNT: usize = 1000;
/// The number of classes (digits 0 to 9).
pub const CLASSES: usize = 10;

const MAGIC: &[u8; 4] = b"GLD1";
const HEADER: usize = 12;

/// The decoded asset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digits {
    /// Images are side × side pixels.
    pub side: usize,
    /// The true class of each image.
    pub labels: Vec<u8>,
    /// len() · side² grey levels, image after image, each row-major.
    pub pixels: Vec<u8>,
}

impl Digits {
    /// Reads the asset, checking the magic bytes, that the sizes add up exactly and that
    /// every label is a digit, and that there are more images than the test set.
    pub fn decode(bytes: &[u8]) -> Result<Digits, String> {
        if bytes.len() < HEADER || &bytes[..4] != MAGIC {
            return Err("not a digits file (no GLD1 header)".into());
        }
        let count = u32::from_le_bytes(bytes[4..8].try_into().expect("four bytes")) as usize;
        let side = usize::from(bytes[8]);
        if bytes[9..12] != [0, 0, 0] || side == 0 {
            return Err(format!("bad header: side {side}, padding {:?}", &bytes[9..12]));
        }
        let want = count
            .checked_mul(side * side + 1)
            .and_then(|body| body.checked_add(HEADER));
        if want != Some(bytes.len()) {
            return Err(format!(
                "{} bytes, but {count} images of {side}×{side} need {}",
                bytes.len(),
                want.map_or("more".into(), |w| w.to_string())
            ));
        }
        if count <= TEST_COUNT {
            return Err(format!(
                "{count} images leave none for training after the {TEST_COUNT} test images"
            ));
        }
        let labels = bytes[HEADER..HEADER + count].to_vec();
        if let Some(bad) = labels.iter().position(|&y| usize::from(y) >= CLASSES) {
            return Err(format!("image {bad} has label {}, not a digit", labels[bad]));
        }
        Ok(Digits {
            side,
            labels,
            pixels: bytes[HEADER + count..].to_vec(),
        })
    }

    /// The number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images (never, for a decoded asset).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image, side².
    pub fn dim(&self) -> usize {
        self.side * self.side
    }

    /// The grey levels of image `row`, row-major.
    pub fn image(&self, row: usize) -> &[u8] {
        &self.pixels[row * self.dim()..(row + 1) * self.dim()]
    }

    /// The number of images after the test set: the training set of size n is rows
    /// TEST_COUNT..TEST_COUNT + n, and the rows after it are the "extra" images the
    /// adversarial start gives wrong labels.
    pub fn train_pool(&self) -> usize {
        self.len() - TEST_COUNT
    }
}
