#pragma once

// Writes small PNG and JPEG files with libpng and libjpeg-turbo, for the tests and the
// benchmark of image-folder data sets. Link PNG::PNG and JPEG::JPEG.

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdio> // before jpeglib.h, which uses FILE and size_t
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <jpeglib.h>
#include <png.h>

namespace gdas::testing {

// Sample (x, y, channel) of an image, 0..255 (or 0..65535 for 16-bit PNGs).
using SampleFunction = std::function<int(int x, int y, int channel)>;

namespace detail {

struct PngWriteError {
    std::jmp_buf jump;
};

inline void pngWriteError(png_structp png, png_const_charp)
{
    std::longjmp(static_cast<PngWriteError *>(png_get_error_ptr(png))->jump, 1);
}

inline void pngWriteWarning(png_structp, png_const_charp) {}

struct JpegWriteError {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
};

inline void jpegWriteError(j_common_ptr info) { std::longjmp(reinterpret_cast<JpegWriteError *>(info->err)->jump, 1); }

} // namespace detail

// channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA; bitDepth 8 or 16. Interlaced (Adam7) on request.
inline void writePng(const std::string &path, int width, int height, int channels, int bitDepth,
                     const SampleFunction &sample, bool interlaced = false, int compression = 6)
{
    const int bytes = bitDepth / 8;
    std::vector<std::uint8_t> pixels(std::size_t(width) * height * channels * bytes);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c) {
                const int v = sample(x, y, c);
                std::uint8_t *p = pixels.data() + ((std::size_t(y) * width + x) * channels + c) * bytes;
                if (bytes == 2) {
                    p[0] = std::uint8_t(v >> 8);
                    p[1] = std::uint8_t(v & 0xFF);
                } else {
                    p[0] = std::uint8_t(v);
                }
            }
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
        throw std::runtime_error(path + ": cannot create");
    auto error = std::make_unique<detail::PngWriteError>();
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, error.get(), detail::pngWriteError, detail::pngWriteWarning);
    png_infop info = png_create_info_struct(png);
    std::vector<png_bytep> rows(static_cast<std::size_t>(height));
    if (setjmp(error->jump)) {
        png_destroy_write_struct(&png, &info);
        std::fclose(file);
        throw std::runtime_error(path + ": libpng could not write it");
    }
    png_init_io(png, file);
    png_set_compression_level(png, compression);
    static const int types[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                PNG_COLOR_TYPE_RGB_ALPHA};
    png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), bitDepth, types[channels],
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y)
        rows[std::size_t(y)] = pixels.data() + std::size_t(y) * width * channels * bytes;
    png_write_image(png, rows.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    std::fclose(file);
}

// A palette PNG (8-bit indices) whose entry i is palette[i]; `alpha` (may be shorter than the
// palette, or empty) becomes its tRNS chunk.
inline void writePalettePng(const std::string &path, int width, int height,
                            const std::vector<std::array<std::uint8_t, 3>> &palette,
                            const std::vector<std::uint8_t> &alpha, const std::function<int(int x, int y)> &index)
{
    std::vector<std::uint8_t> pixels(std::size_t(width) * height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            pixels[std::size_t(y) * width + x] = std::uint8_t(index(x, y));
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
        throw std::runtime_error(path + ": cannot create");
    auto error = std::make_unique<detail::PngWriteError>();
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, error.get(), detail::pngWriteError, detail::pngWriteWarning);
    png_infop info = png_create_info_struct(png);
    std::vector<png_color> colours;
    for (const auto &entry : palette)
        colours.push_back({entry[0], entry[1], entry[2]});
    std::vector<png_bytep> rows(static_cast<std::size_t>(height));
    if (setjmp(error->jump)) {
        png_destroy_write_struct(&png, &info);
        std::fclose(file);
        throw std::runtime_error(path + ": libpng could not write it");
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_PLTE(png, info, colours.data(), int(colours.size()));
    if (!alpha.empty())
        png_set_tRNS(png, info, alpha.data(), int(alpha.size()), nullptr);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y)
        rows[std::size_t(y)] = pixels.data() + std::size_t(y) * width;
    png_write_image(png, rows.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    std::fclose(file);
}

// components: 1 grey, 3 RGB, 4 CMYK (stored as Adobe does: inverted, 255 = no ink).
inline void writeJpeg(const std::string &path, int width, int height, int components, const SampleFunction &sample,
                      int quality = 95)
{
    std::vector<std::uint8_t> pixels(std::size_t(width) * height * components);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < components; ++c)
                pixels[(std::size_t(y) * width + x) * components + c] = std::uint8_t(sample(x, y, c));
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
        throw std::runtime_error(path + ": cannot create");
    auto error = std::make_unique<detail::JpegWriteError>();
    auto cinfo = std::make_unique<jpeg_compress_struct>();
    cinfo->err = jpeg_std_error(&error->manager);
    error->manager.error_exit = detail::jpegWriteError;
    if (setjmp(error->jump)) {
        jpeg_destroy_compress(cinfo.get());
        std::fclose(file);
        throw std::runtime_error(path + ": libjpeg could not write it");
    }
    jpeg_create_compress(cinfo.get());
    jpeg_stdio_dest(cinfo.get(), file);
    cinfo->image_width = JDIMENSION(width);
    cinfo->image_height = JDIMENSION(height);
    cinfo->input_components = components;
    cinfo->in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(cinfo.get());
    jpeg_set_quality(cinfo.get(), quality, TRUE);
    jpeg_start_compress(cinfo.get(), TRUE);
    while (cinfo->next_scanline < cinfo->image_height) {
        JSAMPROW row = pixels.data() + std::size_t(cinfo->next_scanline) * width * components;
        jpeg_write_scanlines(cinfo.get(), &row, 1);
    }
    jpeg_finish_compress(cinfo.get());
    jpeg_destroy_compress(cinfo.get());
    std::fclose(file);
}

// A learnable little image set: class k is a bright square in corner k % 4 (a per-class tint
// on colour images) over noise, so a tiny network separates the classes within a few steps.
inline int classPattern(int classIndex, int image, int side, int x, int y, int c)
{
    const int half = side / 2;
    const bool right = (classIndex % 4) & 1;
    const bool bottom = (classIndex % 4) & 2;
    const bool inSquare = (x >= half) == right && (y >= half) == bottom;
    const int noise = int((unsigned(x * 73 + y * 151 + image * 29 + c * 7) * 2654435761u) >> 27); // 0..31
    const int base = inSquare ? 200 : 40;
    return std::min(255, base + noise + (c == classIndex % 3 ? 20 : 0));
}

} // namespace gdas::testing
