#include "tools/ngoaivu/shell_commands.h"

#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace ngoaivu::cli {
namespace {

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  return names;
}

std::vector<std::string> FlagNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

// Every command path ("", "agencies", "agencies list", ...) with the words
// that may follow it.
void Walk(const CLI::App& app, const std::string& path,
          const std::function<void(const std::string&,
                                   const std::vector<std::string>&,
                                   const std::vector<std::string>&)>& visit) {
  visit(path, SubcommandNames(app), FlagNames(app));
  for (const CLI::App* sub : app.get_subcommands({})) {
    Walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(),
         visit);
  }
}

std::string BashScript(const CLI::App& app) {
  std::string cases;
  Walk(app, "",
       [&](const std::string& path, const std::vector<std::string>& subs,
           const std::vector<std::string>& flags) {
         std::vector<std::string> words = subs;
         words.insert(words.end(), flags.begin(), flags.end());
         cases += "    \"" + path + "\") words=\"" + absl::StrJoin(words, " ") +
                  "\" ;;\n";
       });
  return "# ngoaivu completion for bash: source <(ngoaivu completion bash)\n"
         "_ngoaivu() {\n"
         "  local path=\"\" word i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    word=${COMP_WORDS[i]}\n"
         "    [[ $word == -* ]] && continue\n"
         "    local next=\"${path:+$path }$word\"\n"
         "    case \"$next\" in\n" +
         absl::StrReplaceAll(cases, {{") words=",
                                      ") path=\"$next\"; "
                                      "continue ;; #"}}) +
         "    esac\n"
         "  done\n"
         "  local words=\"\"\n"
         "  case \"$path\" in\n" +
         cases +
         "  esac\n"
         "  COMPREPLY=($(compgen -W \"$words\" -- "
         "\"${COMP_WORDS[COMP_CWORD]}\"))\n"
         "}\n"
         "complete -F _ngoaivu ngoaivu\n";
}

std::string FishScript(const CLI::App& app) {
  std::string out =
      "# ngoaivu completion for fish: ngoaivu completion fish | source\n";
  Walk(app, "",
       [&](const std::string& path, const std::vector<std::string>& subs,
           const std::vector<std::string>&) {
         if (subs.empty()) return;
         const std::string condition =
             path.empty() ? "__fish_use_subcommand"
                          : "__fish_seen_subcommand_from " +
                                path.substr(path.rfind(' ') + 1);
         out += "complete -c ngoaivu -f -n '" + condition + "' -a '" +
                absl::StrJoin(subs, " ") + "'\n";
       });
  return out;
}

// Edit distance, for "did you mean".
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Whether `flag` (as typed, "--token") takes a value: the word after it is
// that value, not a command.
bool TakesValue(const CLI::App* at, std::string flag) {
  if (flag.find('=') != std::string::npos) return false;
  for (const CLI::App* app = at; app != nullptr; app = app->get_parent()) {
    const CLI::Option* option = app->get_option_no_throw(flag);
    if (option != nullptr) return option->get_type_size() != 0;
  }
  return false;
}

}  // namespace

void AddShellCommands(CLI::App& app, const std::string& version) {
  app.set_version_flag("--version", "ngoaivu " + version,
                       "print the CLI's version and exit");
  app.add_subcommand("version", "print the CLI's version")->callback([version] {
    std::cout << "ngoaivu " << version << "\n";
  });
  auto* completion = app.add_subcommand(
      "completion",
      "print a shell completion script: source <(ngoaivu completion bash)");
  auto shell = std::make_shared<std::string>();
  completion->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&app, shell] {
    if (*shell == "fish") {
      std::cout << FishScript(app);
    } else if (*shell == "zsh") {
      std::cout << "autoload -U +X bashcompinit && bashcompinit\n"
                << BashScript(app);
    } else {
      std::cout << BashScript(app);
    }
  });
}

int ParseOrExplain(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return -1;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // A mistyped command: name the nearest one before CLI11's own words.
    const CLI::App* at = &app;
    std::string path = "ngoaivu";
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      if (word.empty()) continue;
      if (word[0] == '-') {
        if (TakesValue(at, word)) ++i;
        continue;
      }
      const auto subs = SubcommandNames(*at);
      if (subs.empty()) break;
      if (std::find(subs.begin(), subs.end(), word) != subs.end()) {
        at = at->get_subcommand(word);
        path += " " + word;
        continue;
      }
      std::string best;
      size_t best_distance = 3;
      for (const std::string& name : subs) {
        const size_t d = name.rfind(word, 0) == 0 ? 1 : Distance(word, name);
        if (d < best_distance) {
          best = name;
          best_distance = d;
        }
      }
      std::cerr << "unknown command '" << word << "' for '" << path << "'";
      if (!best.empty()) std::cerr << "; did you mean '" << best << "'?";
      std::cerr << "\nRun '" << path << " --help' for its commands.\n";
      return static_cast<int>(CLI::ExitCodes::ExtrasError);
    }
    return app.exit(e);
  }
}

}  // namespace ngoaivu::cli
