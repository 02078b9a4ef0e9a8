#pragma once

// A folder of this fuzzing process into which each input is written as files, for readers that
// take a path. Made once (mkdtemp under $TMPDIR), emptied per input, removed at exit.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace gdas::fuzz {

class ScratchDirectory {
public:
    ScratchDirectory()
    {
        const char *tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gdas-fuzz-XXXXXX";
        std::vector<char> buffer(pattern.begin(), pattern.end());
        buffer.push_back('\0');
        if (!::mkdtemp(buffer.data()))
            std::abort(); // no scratch space: nothing can be fuzzed, so fail loudly
        m_path = buffer.data();
    }
    ~ScratchDirectory()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchDirectory(const ScratchDirectory &) = delete;
    ScratchDirectory &operator=(const ScratchDirectory &) = delete;

    const std::string &path() const { return m_path; }

    // Removes everything the previous input left, so that each run sees only its own files.
    void clear()
    {
        std::error_code ec;
        for (const auto &entry : std::filesystem::directory_iterator(m_path, ec))
            std::filesystem::remove_all(entry.path(), ec);
    }

    std::string write(const std::string &name, std::string_view bytes) const
    {
        const std::string file = m_path + "/" + name;
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out)
            std::abort();
        return file;
    }

private:
    std::string m_path;
};

// Splits `bytes` at each occurrence of `separator` (the separator itself is dropped).
inline std::vector<std::string_view> splitAt(std::string_view bytes, std::string_view separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = bytes.find(separator, start);
        if (at == std::string_view::npos) {
            parts.push_back(bytes.substr(start));
            return parts;
        }
        parts.push_back(bytes.substr(start, at - start));
        start = at + separator.size();
    }
}

} // namespace gdas::fuzz
