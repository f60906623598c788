"""Logo uploads: PNG or JPEG only, checked and re-encoded with Pillow, bombs refused."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a 5000x5000 logo is already absurd; bombs claim far more
LONGEST_SIDE = 1200  # printed at most a few centimetres wide


class LogoError(ValueError):
    """An upload that is not a usable logo; the message is for the person uploading."""


def clean_logo(data: bytes) -> bytes:
    """Return the logo as a fresh PNG, or raise LogoError saying what is wrong."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise LogoError(f"the logo is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ("PNG", "JPEG"):
                    raise LogoError("the logo must be a PNG or JPEG image")
                if probe.width * probe.height > MAX_PIXELS:
                    raise LogoError("the image has far too many pixels for a logo")
                probe.verify()  # structure check; the image must be reopened after this
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _as_png(image)
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoError("the image has far too many pixels for a logo") from None
    except UnidentifiedImageError:
        raise LogoError("that file is not a PNG or JPEG image we can read") from None
    except (OSError, SyntaxError, ValueError):
        raise LogoError("the image file is damaged or incomplete") from None


def _as_png(image: Image.Image) -> bytes:
    image = image.convert("RGBA")
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)  # no metadata carried over
    return output.getvalue()
