"""Images of letters (PNG, JPEG, TIFF): every frame is a page, read by OCR.

An image has no text layer, so this reader is a thin layer over :func:`letterkit.readers.ocr.ocr_image`:
it recognises the file by its magic bytes, opens it with Pillow (keeping Pillow's decompression-bomb
guard, and checking the pixel count against :attr:`Limits.max_decompressed_bytes` before decoding),
and hands each frame of a multi-page TIFF to the OCR as its own page.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from letterkit.document import Document, DocumentBuilder
from letterkit.errors import CorruptInput, EmptyInput, LimitExceeded, OCRUnavailable
from letterkit.readers.base import (
    CONTENT_MATCH,
    Reader,
    ReadOptions,
    StreamInfo,
    check_deadline,
    with_deadline,
)

#: magic bytes -> format name (Document.format)
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),  # BigTIFF
    (b"MM\x00+", "tiff"),
)

#: Pillow format names -> ours
PIL_FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "TIFF": "tiff"}


def sniff_format(head: bytes) -> str | None:
    for magic, fmt in MAGIC:
        if head.startswith(magic):
            return fmt
    return None


class ImageReader(Reader):
    """Scanned letters as images: OCR with Tesseract, one page per frame."""

    name = "image"
    formats = ("png", "jpeg", "jpg", "tiff", "tif", "image")
    extensions = ("png", "jpg", "jpeg", "tif", "tiff")
    priority = 10
    description = "images (PNG, JPEG, multi-page TIFF) read by OCR (needs Tesseract)"

    def sniff(self, head: bytes, info: StreamInfo) -> float:
        if sniff_format(head):
            return CONTENT_MATCH
        return super().sniff(head, info)  # the extension, or no match

    def read(self, data: bytes, info: StreamInfo, options: ReadOptions) -> Document:
        options = with_deadline(options)
        if not data:
            raise EmptyInput("The image is empty (0 bytes).")
        if options.ocr == "never":
            raise OCRUnavailable(
                "An image holds no text layer: it can only be read by OCR, which was disabled "
                "(ocr='never'). Read it with ocr='auto'."
            )
        from letterkit.readers import ocr

        image = _open(data, options)  # a broken or oversized file is reported as such, OCR or not
        if not ocr.tesseract_available():
            raise OCRUnavailable(
                f"Reading an image needs OCR, but the tesseract program ({ocr.tesseract_cmd()!r}) was not "
                "found. " + ocr.INSTALL_HINT
            )
        fallback = sniff_format(data[:16]) or str(image.format or "image").lower()
        fmt = PIL_FORMATS.get(str(image.format), fallback)
        builder = DocumentBuilder(format=fmt, reader=self.name)
        limits = options.limits
        frames = int(getattr(image, "n_frames", 1) or 1)
        if frames > limits.max_pages:
            raise LimitExceeded(
                f"The image has {frames} frames (pages), over the limit of {limits.max_pages}; "
                "raise Limits.max_pages to read it."
            )
        for index in range(frames):
            check_deadline(options, f"OCR of the image (stopped at page {index + 1} of {frames})")
            try:
                image.seek(index)
                _check_pixels(image, options)
                frame = image.copy()  # decodes the frame: damage shows here
            except (LimitExceeded, OCRUnavailable):
                raise
            except Exception as exc:
                raise CorruptInput(
                    f"Page {index + 1} of the {fmt.upper()} image cannot be decoded ({type(exc).__name__}: "
                    f"{exc}); the file is damaged or truncated."
                ) from exc
            ocr.ocr_image(frame, builder, options, page_number=index + 1)
        doc = builder.build()
        doc.metadata["ocr"] = True
        doc.metadata["pages"] = frames
        if not any(line.text.strip() for line in doc.lines() if line.kind == "text"):
            raise EmptyInput(
                "OCR found no text in the image. If it is a letter, scan it at 200-300 dpi, or check "
                "that the languages it is written in are installed for Tesseract."
            )
        return doc


def _check_pixels(image: Any, options: ReadOptions) -> None:
    """Refuse frames whose decoded size exceeds the limit, before decoding them."""
    width, height = image.size
    bands = len(image.getbands())
    if width * height * bands > options.limits.max_decompressed_bytes:
        raise LimitExceeded(
            f"The image is {width}x{height} pixels; decoded it would exceed the limit of "
            f"{options.limits.max_decompressed_bytes} bytes. Raise Limits.max_decompressed_bytes to read it."
        )


def _open(data: bytes, options: ReadOptions) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns between MAX_IMAGE_PIXELS and twice that; letterkit treats both as a bomb
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise LimitExceeded(
            f"The image is too large to decode safely ({exc}). If you trust it, raise "
            "PIL.Image.MAX_IMAGE_PIXELS."
        ) from exc
    except UnidentifiedImageError as exc:
        raise CorruptInput(
            "The input looks like an image but Pillow cannot identify it: the file is damaged or is not "
            "an image."
        ) from exc
    except Exception as exc:
        raise CorruptInput(f"The image cannot be opened ({type(exc).__name__}: {exc}).") from exc
    _check_pixels(image, options)
    return image
