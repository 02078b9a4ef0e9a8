#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace gdas::model {

// `text` with the ASCII letters in lower case: how the names of spaces and formats are matched.
inline std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace gdas::model
