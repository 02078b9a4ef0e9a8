// PNG (libpng) and JPEG (libjpeg-turbo) decoding and the resize to a square side. No LibTorch
// here, so that the fuzz target (fuzz/fuzz_image_decode.cpp) builds from this file alone.
//
// Both libraries report errors by longjmp. Everything that must survive the jump lives in a
// struct created before setjmp and reached through a pointer; nothing with a destructor is
// created between setjmp and the end of the library calls.
#include "engine/ImageFolder.h"

#include "engine/EngineError.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csetjmp>
#include <cstddef>
#include <cstdio> // before jpeglib.h, which uses FILE and size_t
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

namespace gdas::engine {

namespace {

// libjpeg may use this much for one image (a progressive JPEG keeps all its coefficients).
constexpr long kJpegMemoryLimit = 512L << 20;

// The image as the library delivered it: rows of width x channels bytes.
struct RawImage {
    int width = 0;
    int height = 0;
    int channels = 0; // 1 or 3
    std::vector<std::uint8_t> pixels;
};

std::string describe(int width, int height) { return std::to_string(width) + "x" + std::to_string(height); }

void checkPixelCount(const std::string &name, long long width, long long height, const char *what)
{
    if (width <= 0 || height <= 0)
        throw InputError(name + ": " + what + " has no pixels (" + std::to_string(width) + "x" +
                         std::to_string(height) + ")");
    if (width * height > kMaxImagePixels)
        throw InputError(name + ": " + what + " of " + std::to_string(width) + "x" + std::to_string(height) +
                         " pixels is above the limit of " + std::to_string(kMaxImagePixels / 1'000'000) +
                         " megapixels; shrink it first");
}

// ---- PNG ---------------------------------------------------------------------------------

struct PngState {
    const std::uint8_t *data = nullptr;
    std::size_t size = 0;
    std::size_t offset = 0;
    char message[256] = {};
    bool tooLarge = false; // then the claimed size, checked once libpng is done
    long long claimedWidth = 0, claimedHeight = 0;
    std::jmp_buf jump;
};

void pngError(png_structp png, png_const_charp message)
{
    auto *state = static_cast<PngState *>(png_get_error_ptr(png));
    std::snprintf(state->message, sizeof state->message, "%s", message);
    std::longjmp(state->jump, 1);
}

void pngWarning(png_structp, png_const_charp) {}

void pngRead(png_structp png, png_bytep out, png_size_t length)
{
    auto *state = static_cast<PngState *>(png_get_io_ptr(png));
    if (length > state->size - state->offset)
        png_error(png, "truncated: the file ends inside the image data");
    std::memcpy(out, state->data + state->offset, length);
    state->offset += length;
}

RawImage decodePng(const std::uint8_t *data, std::size_t size, const std::string &name)
{
    auto state = std::make_unique<PngState>();
    state->data = data;
    state->size = size;
    auto image = std::make_unique<RawImage>();
    auto rows = std::make_unique<std::vector<png_bytep>>();
    PngState *s = state.get();
    RawImage *out = image.get();
    std::vector<png_bytep> *rowPointers = rows.get();

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, s, pngError, pngWarning);
    if (!png)
        throw RuntimeFailure(name + ": libpng could not start");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        throw RuntimeFailure(name + ": libpng could not start");
    }
    if (setjmp(s->jump)) {
        png_destroy_read_struct(&png, &info, nullptr);
        throw InputError(name + ": corrupt PNG (" + std::string(s->message) + ")");
    }
    png_set_read_fn(png, s, pngRead);
    // Far above kMaxImagePixels in either direction; the pixel count is checked below.
    png_set_user_limits(png, 1u << 20, 1u << 20);
    png_read_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    const int colourType = png_get_color_type(png, info);
    const int bitDepth = png_get_bit_depth(png, info);
    if (static_cast<long long>(width) * height > kMaxImagePixels) {
        s->tooLarge = true;
        s->claimedWidth = width;
        s->claimedHeight = height;
    } else {
        if (colourType == PNG_COLOR_TYPE_PALETTE)
            png_set_palette_to_rgb(png);
        if (colourType == PNG_COLOR_TYPE_GRAY && bitDepth < 8)
            png_set_expand_gray_1_2_4_to_8(png);
        if (bitDepth == 16)
            png_set_scale_16(png);
        png_set_interlace_handling(png);
        png_read_update_info(png, info);
        out->width = int(width);
        out->height = int(height);
        // 1-4 samples a pixel: a palette with transparency expands to RGBA; alpha is dropped below.
        out->channels = png_get_channels(png, info);
        const std::size_t rowBytes = png_get_rowbytes(png, info);
        if (out->channels < 1 || out->channels > 4 || png_get_bit_depth(png, info) != 8 ||
            rowBytes != std::size_t(width) * std::size_t(out->channels))
            png_error(png, "unexpected pixel layout after conversion");
        out->pixels.resize(rowBytes * height);
        rowPointers->resize(height);
        for (png_uint_32 y = 0; y < height; ++y)
            (*rowPointers)[y] = out->pixels.data() + std::size_t(y) * rowBytes;
        png_read_image(png, rowPointers->data());
    }
    png_destroy_read_struct(&png, &info, nullptr);
    if (s->tooLarge)
        checkPixelCount(name, s->claimedWidth, s->claimedHeight, "a PNG");
    if (out->channels == 2 || out->channels == 4) {
        // Alpha dropped: the colour under it is kept, nothing is blended.
        const int from = out->channels;
        const int to = from - 1;
        const std::size_t count = std::size_t(out->width) * std::size_t(out->height);
        for (std::size_t i = 0; i < count; ++i)
            for (int c = 0; c < to; ++c)
                out->pixels[i * to + c] = out->pixels[i * from + c];
        out->pixels.resize(count * to);
        out->channels = to;
    }
    return std::move(*image);
}

// ---- JPEG --------------------------------------------------------------------------------

struct JpegError {
    jpeg_error_mgr manager; // first: libjpeg hands back a pointer to it
    char message[JMSG_LENGTH_MAX] = {};
    bool tooLarge = false; // then the claimed size, checked once libjpeg is done
    long long claimedWidth = 0, claimedHeight = 0;
    std::jmp_buf jump;
};

void jpegErrorExit(j_common_ptr info)
{
    auto *error = reinterpret_cast<JpegError *>(info->err);
    (*info->err->format_message)(info, error->message);
    std::longjmp(error->jump, 1);
}

// Warnings that mean the image data is cut short or damaged are errors here: libjpeg would
// fill the rest of the image with grey and carry on.
void jpegEmitMessage(j_common_ptr info, int level)
{
    if (level != -1)
        return; // trace messages
    const int code = info->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC)
        jpegErrorExit(info);
    ++info->err->num_warnings;
}

RawImage decodeJpeg(const std::uint8_t *data, std::size_t size, int side, const std::string &name)
{
    auto error = std::make_unique<JpegError>();
    auto image = std::make_unique<RawImage>();
    auto cmykRow = std::make_unique<std::vector<std::uint8_t>>();
    JpegError *e = error.get();
    RawImage *out = image.get();
    std::vector<std::uint8_t> *cmyk = cmykRow.get();

    auto cinfo = std::make_unique<jpeg_decompress_struct>();
    jpeg_decompress_struct *d = cinfo.get();
    d->err = jpeg_std_error(&e->manager);
    e->manager.error_exit = jpegErrorExit;
    e->manager.emit_message = jpegEmitMessage;
    if (setjmp(e->jump)) {
        jpeg_destroy_decompress(d);
        throw InputError(name + ": corrupt JPEG (" + std::string(e->message) + ")");
    }
    jpeg_create_decompress(d);
    d->mem->max_memory_to_use = kJpegMemoryLimit;
    jpeg_mem_src(d, data, static_cast<unsigned long>(size));
    jpeg_read_header(d, TRUE);
    const bool cmykSource = d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK;
    const bool grey = d->jpeg_color_space == JCS_GRAYSCALE;
    d->out_color_space = grey ? JCS_GRAYSCALE : cmykSource ? JCS_CMYK : JCS_RGB;
    // Scaled decoding: the largest reduction (1/8, 1/4, 1/2) that keeps the shorter side at
    // least `side`, so a large photo costs a fraction of its full size.
    const long long shorter = std::min<long long>(d->image_width, d->image_height);
    d->scale_num = 1;
    d->scale_denom = 1;
    for (unsigned denom : {8u, 4u, 2u}) {
        if ((shorter + denom - 1) / denom >= side) {
            d->scale_denom = denom;
            break;
        }
    }
    jpeg_calc_output_dimensions(d);
    if (static_cast<long long>(d->output_width) * d->output_height > kMaxImagePixels || d->output_width == 0 ||
        d->output_height == 0) {
        e->tooLarge = true;
        e->claimedWidth = d->image_width;
        e->claimedHeight = d->image_height;
    } else {
        jpeg_start_decompress(d);
        out->width = int(d->output_width);
        out->height = int(d->output_height);
        out->channels = grey ? 1 : 3;
        out->pixels.resize(std::size_t(out->width) * std::size_t(out->height) * std::size_t(out->channels));
        if (cmykSource)
            cmyk->resize(std::size_t(out->width) * 4);
        // Adobe writes CMYK inverted (0 = full ink); without its marker the values are plain.
        const bool inverted = d->saw_Adobe_marker;
        while (d->output_scanline < d->output_height) {
            std::uint8_t *row = out->pixels.data() +
                                std::size_t(d->output_scanline) * std::size_t(out->width) * std::size_t(out->channels);
            if (!cmykSource) {
                JSAMPROW rowPointer = row;
                jpeg_read_scanlines(d, &rowPointer, 1);
                continue;
            }
            JSAMPROW rowPointer = cmyk->data();
            jpeg_read_scanlines(d, &rowPointer, 1);
            for (int x = 0; x < out->width; ++x) {
                const std::uint8_t *p = cmyk->data() + 4 * x;
                for (int c = 0; c < 3; ++c) {
                    const int ink = inverted ? p[c] : 255 - p[c];
                    const int key = inverted ? p[3] : 255 - p[3];
                    row[3 * x + c] = std::uint8_t((ink * key + 127) / 255);
                }
            }
        }
        jpeg_finish_decompress(d);
    }
    jpeg_destroy_decompress(d);
    if (e->tooLarge)
        checkPixelCount(name, e->claimedWidth, e->claimedHeight, "a JPEG");
    return std::move(*image);
}

// ---- resize ------------------------------------------------------------------------------

struct Tap {
    int source;
    float weight;
};

// Output sample i of `outSize` covers source samples [offset + i*n/outSize, offset + (i+1)*n/outSize):
// area weights when shrinking, two bilinear taps (half-pixel centres) when enlarging.
std::vector<std::vector<Tap>> resampleTaps(int offset, int n, int outSize)
{
    std::vector<std::vector<Tap>> taps(static_cast<std::size_t>(outSize));
    const double scale = double(n) / outSize;
    for (int i = 0; i < outSize; ++i) {
        auto &t = taps[std::size_t(i)];
        if (n >= outSize) {
            const double begin = i * scale;
            const double end = (i + 1) * scale;
            for (int j = int(std::floor(begin)); j < int(std::ceil(end)) && j < n; ++j) {
                const double overlap = std::min(end, double(j + 1)) - std::max(begin, double(j));
                if (overlap > 0)
                    t.push_back({offset + j, float(overlap / scale)});
            }
        } else {
            const double centre = std::clamp((i + 0.5) * scale - 0.5, 0.0, double(n - 1));
            const int j = int(std::floor(centre));
            const double fraction = centre - j;
            t.push_back({offset + j, float(1.0 - fraction)});
            if (j + 1 < n && fraction > 0)
                t.push_back({offset + j + 1, float(fraction)});
        }
    }
    return taps;
}

// Shorter side to `side`, centre square: i.e. the centre square of the source, resampled.
std::vector<std::uint8_t> squareResize(const RawImage &image, int side)
{
    const int c = image.channels;
    const int square = std::min(image.width, image.height);
    const int x0 = (image.width - square) / 2;
    const int y0 = (image.height - square) / 2;
    std::vector<std::uint8_t> out(std::size_t(c) * std::size_t(side) * std::size_t(side));
    if (square == side) {
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x)
                for (int k = 0; k < c; ++k)
                    out[(std::size_t(k) * side + y) * side + x] =
                        image.pixels[(std::size_t(y0 + y) * image.width + std::size_t(x0 + x)) * c + k];
        return out;
    }
    const auto columns = resampleTaps(x0, square, side);
    const auto rows = resampleTaps(y0, square, side);
    // Horizontal pass over the rows the vertical pass needs: [square rows][side][c].
    std::vector<float> horizontal(std::size_t(square) * std::size_t(side) * std::size_t(c), 0.0f);
    for (int y = 0; y < square; ++y) {
        const std::uint8_t *in = image.pixels.data() + std::size_t(y0 + y) * image.width * c;
        float *h = horizontal.data() + std::size_t(y) * side * c;
        for (int x = 0; x < side; ++x)
            for (const Tap &tap : columns[std::size_t(x)])
                for (int k = 0; k < c; ++k)
                    h[x * c + k] += tap.weight * in[std::size_t(tap.source) * c + k];
    }
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            for (int k = 0; k < c; ++k) {
                float sum = 0.0f;
                for (const Tap &tap : rows[std::size_t(y)])
                    sum += tap.weight * horizontal[(std::size_t(tap.source - y0) * side + x) * c + k];
                out[(std::size_t(k) * side + y) * side + x] = std::uint8_t(std::clamp(std::lround(sum), 0L, 255L));
            }
        }
    }
    return out;
}

bool startsWith(const std::uint8_t *data, std::size_t size, const char *magic, std::size_t length)
{
    return size >= length && std::memcmp(data, magic, length) == 0;
}

// A readable name for what a file that is not PNG or JPEG seems to be.
std::string whatItIs(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return "it is empty";
    if (startsWith(data, size, "GIF8", 4))
        return "it is a GIF image";
    if (startsWith(data, size, "BM", 2))
        return "it looks like a BMP image";
    if (size >= 12 && startsWith(data, size, "RIFF", 4) && std::memcmp(data + 8, "WEBP", 4) == 0)
        return "it is a WebP image";
    if (startsWith(data, size, "II*\0", 4) || startsWith(data, size, "MM\0*", 4))
        return "it is a TIFF image";
    std::string start;
    for (std::size_t i = 0; i < std::min<std::size_t>(size, 8); ++i) {
        const unsigned char ch = data[i];
        if (ch >= 0x20 && ch < 0x7F) {
            start += char(ch);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", ch);
            start += hex;
        }
    }
    return "it starts with \"" + start + "\"";
}

} // namespace

DecodedImage decodeImage(const std::uint8_t *data, std::size_t size, int side, const std::string &name)
{
    if (side < 1 || side > 4096)
        throw InputError(name + ": image size " + std::to_string(side) + " is outside 1..4096");
    RawImage raw;
    static const char pngMagic[] = {'\x89', 'P', 'N', 'G', '\r', '\n', '\x1a', '\n'};
    if (startsWith(data, size, pngMagic, sizeof pngMagic))
        raw = decodePng(data, size, name);
    else if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        raw = decodeJpeg(data, size, side, name);
    else
        throw InputError(name + ": not a PNG or JPEG file (" + whatItIs(data, size) + ")");
    if (raw.width <= 0 || raw.height <= 0 || raw.pixels.size() != std::size_t(raw.width) * raw.height * raw.channels)
        throw InputError(name + ": decoded to an empty or inconsistent image (" + describe(raw.width, raw.height) +
                         ")");
    DecodedImage image;
    image.channels = raw.channels;
    image.side = side;
    image.sourceWidth = raw.width;
    image.sourceHeight = raw.height;
    image.pixels = squareResize(raw, side);
    return image;
}

DecodedImage decodeImageFile(const std::string &path, int side)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw InputError(path + ": cannot read (" + std::strerror(errno) + ")");
    if (size > kMaxImageFileBytes)
        throw InputError(path + ": " + std::to_string(size) + " bytes is above the limit of " +
                         std::to_string(kMaxImageFileBytes >> 20) + " MiB for one image file");
    in.seekg(0, std::ios::beg);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char *>(bytes.data()), size);
    if (in.gcount() != size)
        throw InputError(path + ": cannot read (" +
                         (in.bad() ? std::string(std::strerror(errno)) : "file shrank while reading") + ")");
    return decodeImage(bytes.data(), bytes.size(), side, path);
}

} // namespace gdas::engine
