# Each library is seen by the layers above it through its own include root: a folder in the
# build tree that holds links to the headers the library offers, under the prefix they are
# included with ("model/Genotype.h", "engine/SearchSession.h", "widgets/CurvePanel.h"). A target
# sees only the roots of what it links, so a widget that includes an engine header, or the
# workbench that includes one of the engine's internal (LibTorch) headers, fails to compile.
# The layers: docs/ARCHITECTURE.md. tests/layers/ checks that the rule holds.
#
# gdas_include_root(<var> <root-name> <prefix> <header>...): makes the root and sets <var> to it.
function(gdas_include_root out_var root_name prefix)
  set(root ${PROJECT_BINARY_DIR}/include/${root_name})
  # Made afresh at each configure, so a header taken out of the API leaves the root too.
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root}/${prefix})
  foreach(header IN LISTS ARGN)
    get_filename_component(name ${header} NAME)
    file(CREATE_LINK ${header} ${root}/${prefix}/${name} SYMBOLIC)
  endforeach()
  set(${out_var} ${root} PARENT_SCOPE)
endfunction()

# gdas_include_root_of_all_headers(<target> <prefix>): every header in the calling folder is
# <target>'s API, included as "<prefix>/X.h" through the root "<prefix>-api", PUBLIC on <target>.
function(gdas_include_root_of_all_headers target prefix)
  file(GLOB headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  gdas_include_root(root ${prefix}-api ${prefix} ${headers})
  target_include_directories(${target} PUBLIC ${root})
endfunction()
