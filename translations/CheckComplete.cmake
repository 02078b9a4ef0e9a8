# cmake -DLUPDATE=... -DTS_FILES="a.ts;b.ts" -DSOURCES_FILE=list.txt -DINCLUDE_DIRS="dir;dir"
#       -DWORK_DIR=... -P CheckComplete.cmake
# Runs lupdate over today's sources into copies of the .ts files and fails, naming the
# strings, when any is unfinished: a tr() string added without its translations, or a .ts file
# that `ninja update_translations` has not seen since. The .ts files themselves stay untouched.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(STRINGS "${SOURCES_FILE}" sources)
# lupdate reads the headers a source includes to know its classes' namespaces (the contexts).
set(include_flags "")
foreach(dir IN LISTS INCLUDE_DIRS)
  list(APPEND include_flags "-I${dir}")
endforeach()
set(failed FALSE)
foreach(ts IN LISTS TS_FILES)
  get_filename_component(name "${ts}" NAME)
  set(copy "${WORK_DIR}/${name}")
  file(COPY_FILE "${ts}" "${copy}")
  execute_process(COMMAND "${LUPDATE}" -silent -no-obsolete -locations none ${include_flags} ${sources} -ts "${copy}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed on ${ts}: ${out}${err}")
  endif()
  file(READ "${copy}" text)
  string(REPLACE ";" "@semicolon@" text "${text}")  # a CMake list separator otherwise
  string(REGEX MATCHALL "<source>[^<]*</source>[ \t\r\n]*<translation type=\"unfinished\"" unfinished "${text}")
  list(LENGTH unfinished count)
  if(count GREATER 0)
    set(failed TRUE)
    message("${ts}: ${count} unfinished string(s); run `ninja update_translations` and translate:")
    foreach(entry IN LISTS unfinished)
      string(REGEX REPLACE "<source>([^<]*)</source>.*" "\\1" source "${entry}")
      string(REPLACE "@semicolon@" ";" source "${source}")
      message("  ${source}")
    endforeach()
  else()
    message("${ts}: complete")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "translations incomplete")
endif()
