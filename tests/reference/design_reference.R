# Reference values from R's survey package for design-based estimates of
# proportions and of wave-to-wave changes, for the data sets written by
# tests/reference/make_design_data.py.
#
#   python tests/reference/make_design_data.py && Rscript tests/reference/design_reference.R
#
# Writes tests/reference/design_reference.json.  Every value there is a leaf
#   {"value": <number or [numbers]>, "r": "<the R expression that produced it>"}
# and every expression is evaluated with eval(parse(text = ...)) from that very
# string, in an environment holding `d` (the case's data) and `design` (its
# svydesign), with the working directory at the repository root.  Numbers are
# written with sprintf("%.17g") (so they round-trip exactly); a non-finite
# value is written as null with a "note".  See tests/reference/README.md.

suppressPackageStartupMessages(library(survey))
options(warn = 1)

script_path <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f) != 1) stop("run me with Rscript tests/reference/design_reference.R")
  normalizePath(f)
}
here <- dirname(script_path())
setwd(normalizePath(file.path(here, "..", "..")))

# --------------------------------------------------------------------------
# the cases: how each file's design is declared (see make_design_data.py)
# --------------------------------------------------------------------------
cases <- list(
  srs_fpc = list(
    strata = FALSE, weights = FALSE, fpc = TRUE, waves = c(2010, 2012),
    about = paste(
      "120 of N = 290 organisations, one stratum, complete two-wave panel, no",
      "missing answers; FPC; no weight column, so R takes the weights N/n."
    )
  ),
  weighted_pos = list(
    strata = FALSE, weights = TRUE, fpc = FALSE, waves = c(2010, 2012),
    about = paste(
      "200 organisations, weights 1-8 positively correlated with the answers",
      "(heavy weights answer 1), complete two-wave panel, no FPC."
    )
  ),
  weighted_neg = list(
    strata = FALSE, weights = TRUE, fpc = FALSE, waves = c(2010, 2012),
    about = paste(
      "200 organisations, weights 1-8 negatively correlated with the answers",
      "(heavy weights answer 0), complete two-wave panel, no FPC."
    )
  ),
  stratified = list(
    strata = TRUE, weights = TRUE, fpc = TRUE, waves = c(2010, 2012),
    by_stratum = TRUE,
    about = paste(
      "three strata of very unequal size: 12 of 20 (small), 58 of 100",
      "(medium), 230 of 290 (large); weights N_h/n_h, FPC per stratum,",
      "complete two-wave panel, no missing answers."
    )
  ),
  domains = list(
    strata = FALSE, weights = FALSE, fpc = FALSE, waves = c(2010, 2012),
    domains = list(list(item = "channel.facebook", where = "uses == 1")),
    about = paste(
      "150 organisations, one stratum, unweighted, no FPC (equal probability,",
      "with replacement); item non-response in uses; channel.facebook asked",
      "only of uses == 1 (blank otherwise) and with item non-response among",
      "those asked."
    )
  ),
  partial_panel = list(
    strata = TRUE, weights = FALSE, fpc = TRUE, waves = c(2010, 2012),
    about = paste(
      "160 organisations in two strata (north: 70 of N 120, south: 90 of",
      "N 300), FPC, no weight column (R takes N_h/n_h); 24 organisations",
      "(15 %) present in only one wave (12 each); item non-response."
    )
  ),
  weighted_panel = list(
    strata = TRUE, weights = TRUE, fpc = FALSE, waves = c(2010, 2012),
    about = paste(
      "180 organisations in two strata (east 80, west 100), weights 1-6,",
      "no FPC, complete two-wave panel with item non-response."
    )
  ),
  three_waves = list(
    strata = FALSE, weights = FALSE, fpc = TRUE, waves = c(2010, 2012, 2014),
    about = paste(
      "100 of N = 160 organisations, one stratum, three waves; 15",
      "organisations missing from the middle wave (2012); FPC, no weight",
      "column; item non-response in channel.facebook."
    )
  )
)
items <- c("uses", "channel.facebook")

# --------------------------------------------------------------------------
# a small JSON writer (numbers as %.17g); jsonlite is not needed
# --------------------------------------------------------------------------
json_str <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  paste0("\"", s, "\"")
}
json_num <- function(x) {
  x <- as.double(x)
  if (!is.finite(x)) "null" else sprintf("%.17g", x)
}
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1)
  end <- strrep("  ", indent)
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    if (!is.null(names(x))) {
      parts <- vapply(seq_along(x), function(i) {
        paste0(pad, json_str(names(x)[i]), ": ", to_json(x[[i]], indent + 1))
      }, "")
      return(paste0("{\n", paste(parts, collapse = ",\n"), "\n", end, "}"))
    }
    parts <- vapply(x, to_json, "", indent = indent + 1)
    return(paste0("[\n", paste0(pad, parts, collapse = ",\n"), "\n", end, "]"))
  }
  if (is.character(x)) {
    if (length(x) == 1 && !inherits(x, "AsIs")) return(json_str(x))
    return(paste0("[", paste(vapply(x, json_str, ""), collapse = ", "), "]"))
  }
  if (is.logical(x) && length(x) == 1 && !is.na(x)) return(if (x) "true" else "false")
  if (is.numeric(x)) {
    if (length(x) == 1 && !inherits(x, "AsIs")) return(json_num(x))
    return(paste0("[", paste(vapply(as.vector(x), json_num, ""), collapse = ", "), "]"))
  }
  stop("cannot write ", class(x)[1], " as JSON")
}

# --------------------------------------------------------------------------
# evaluate an expression string, keep it beside its value
# --------------------------------------------------------------------------
env <- new.env()
run <- function(expr) eval(parse(text = expr), envir = env)
leaf <- function(expr) {
  v <- run(expr)
  if (is.matrix(v)) {
    value <- lapply(seq_len(nrow(v)), function(i) I(as.vector(v[i, ])))
  } else {
    v <- as.vector(unclass(v))
    stopifnot(is.numeric(v))
    value <- if (length(v) == 1) v else I(v)
  }
  out <- list(value = value, r = expr)
  if (!is.list(value) && any(!is.finite(value))) {
    out$note <- paste0("R gives ", paste(format(v), collapse = ", "),
                       "; written as null")
  }
  out
}
same <- function(a, b, what, tol = 1e-13) {
  if (!isTRUE(all.equal(as.vector(unclass(a)), as.vector(unclass(b)),
                        tolerance = tol, check.attributes = FALSE))) {
    stop("internal check failed: ", what)
  }
}

wave_pairs <- function(waves) {
  k <- length(waves)
  pairs <- lapply(seq_len(k - 1), function(i) c(i, i + 1))
  if (k > 2) pairs <- c(pairs, list(c(1, k)))
  pairs
}
contrast_text <- function(pair, k) {
  v <- rep(0, k)
  v[pair[1]] <- -1
  v[pair[2]] <- 1
  paste0("c(", paste(v, collapse = ", "), ")")
}

# estimates of one item over the waves, in the design (or domain) `base`
item_block <- function(item, base, waves, by_stratum = FALSE) {
  vars <- run(base)$variables
  has_na <- anyNA(vars[[item]])
  literal <- sprintf("svyby(~%s, ~wave, %s, svymean, na.rm=TRUE, covmat=TRUE)",
                     item, base)
  block <- list()
  if (has_na) {
    # survey 4.1-1: svymean(na.rm=TRUE, influence=TRUE) returns influence
    # values for the answered rows only, and svyby(covmat=TRUE) then fails.
    # Dropping the unanswered rows first is the same domain estimate (the
    # design keeps n_h of all its organisations) and works.
    msg <- tryCatch({run(literal); "no error"},
                    error = function(e) conditionMessage(e))
    if (msg == "no error") stop("the literal svyby call works now: ", literal)
    by_design <- sprintf("subset(%s, !is.na(%s))", base, item)
    block$svyby_note <- paste0(
      "survey 4.1-1 fails on ", literal, " with: ", msg,
      " -- so the unanswered rows are dropped before svyby (same estimates)."
    )
  } else {
    by_design <- base
  }
  BY <- sprintf("svyby(~%s, ~wave, %s, svymean, na.rm=TRUE, covmat=TRUE)",
                item, by_design)
  # the same per-wave means and SEs without covmat, on the base design
  plain <- run(sprintf("svyby(~%s, ~wave, %s, svymean, na.rm=TRUE)", item, base))
  by <- run(BY)
  same(coef(by), coef(plain), paste("svyby means", item, base))
  same(SE(by), SE(plain), paste("svyby SEs", item, base))

  block$waves_order <- as.character(waves)
  block$svyby <- BY
  per_wave <- list()
  for (w in waves) {
    sub <- sprintf("subset(%s, wave == %d)", base, w)
    M <- sprintf("svymean(~%s, %s, na.rm=TRUE, deff=TRUE)", item, sub)
    ci <- function(method, df) {
      sprintf('as.vector(attr(svyciprop(~%s, %s, method="%s", level=0.95%s, na.rm=TRUE), "ci"))',
              item, sub, method, df)
    }
    entry <- list(
      mean = leaf(sprintf('%s["%d", "%s"]', BY, w, item)),
      se = leaf(sprintf('%s["%d", "se"]', BY, w)),
      svymean = list(
        mean = leaf(sprintf("coef(%s)[[1]]", M)),
        se = leaf(sprintf("SE(%s)[[1]]", M)),
        deff = leaf(sprintf("deff(%s)[[1]]", M)),
        deff_replace = leaf(sprintf(
          'deff(svymean(~%s, %s, na.rm=TRUE, deff="replace"))[[1]]', item, sub))
      ),
      degf = leaf(sprintf("degf(%s)", sub)),
      nrow = leaf(sprintf("nrow(%s)", sub)),
      n_answered = leaf(sprintf("sum(!is.na(%s$variables$%s))", sub, item)),
      svyciprop = list(
        logit = leaf(ci("logit", ", df=Inf")),
        mean = leaf(ci("mean", ", df=Inf")),
        beta = leaf(ci("beta", ", df=Inf")),
        logit_df_degf = leaf(ci("logit", "")),
        xlogit = leaf(ci("xlogit", ", df=Inf")),
        xlogit_df_degf = leaf(ci("xlogit", "")),
        logit_estimate = leaf(sprintf(
          'as.vector(svyciprop(~%s, %s, method="logit", level=0.95, df=Inf, na.rm=TRUE))',
          item, sub))
      )
    )
    same(entry$svymean$mean$value, entry$mean$value, paste("mean", item, w))
    same(entry$svymean$se$value, entry$se$value, paste("se", item, w))
    if (has_na) {
      sub_a <- sprintf("subset(%s, wave == %d & !is.na(%s))", base, w, item)
      ci_a <- function(method, df) {
        sprintf('as.vector(attr(svyciprop(~%s, %s, method="%s", level=0.95%s), "ci"))',
                item, sub_a, method, df)
      }
      entry$answered <- list(
        degf = leaf(sprintf("degf(%s)", sub_a)),
        nrow = leaf(sprintf("nrow(%s)", sub_a)),
        beta = leaf(ci_a("beta", ", df=Inf")),
        logit_df_degf = leaf(ci_a("logit", ""))
      )
    }
    per_wave[[as.character(w)]] <- entry
  }
  block$waves <- per_wave
  block$vcov <- leaf(sprintf("vcov(%s)", BY))
  changes <- list()
  for (pair in wave_pairs(waves)) {
    cv <- contrast_text(pair, length(waves))
    key <- paste(waves[pair[1]], waves[pair[2]], sep = "-")
    changes[[key]] <- list(
      estimate = leaf(sprintf("coef(svycontrast(%s, %s))[[1]]", BY, cv)),
      se = leaf(sprintf("SE(svycontrast(%s, %s))[[1]]", BY, cv))
    )
  }
  block$changes <- changes
  if (by_stratum) {
    BYS <- sprintf("svyby(~%s, ~wave + stratum, %s, svymean, na.rm=TRUE)", item, base)
    strata <- sort(unique(vars$stratum))
    bs <- list()
    for (w in waves) {
      per <- list()
      for (s in strata) {
        per[[s]] <- list(
          mean = leaf(sprintf('%s["%d.%s", "%s"]', BYS, w, s, item)),
          se = leaf(sprintf('%s["%d.%s", "se"]', BYS, w, s))
        )
      }
      bs[[as.character(w)]] <- per
    }
    block$by_stratum <- bs
  }
  block
}

design_call <- function(cfg) {
  paste0(
    "svydesign(ids=~org_code",
    if (cfg$strata) ", strata=~stratum" else "",
    if (cfg$weights) ", weights=~weight" else "",
    if (cfg$fpc) ", fpc=~N" else "",
    ", data=d, nest=TRUE)"
  )
}

out_cases <- list()
for (name in names(cases)) {
  cfg <- cases[[name]]
  read <- sprintf(
    'read.csv("tests/reference/data/%s.csv", colClasses=c(org_code="character", stratum="character"))',
    name)
  env$d <- run(read)
  dcall <- design_call(cfg)
  warnings_seen <- character()
  env$design <- withCallingHandlers(run(dcall), warning = function(w) {
    warnings_seen <<- c(warnings_seen, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  strata <- sort(unique(env$d$stratum))
  per_stratum <- list()
  for (s in strata) {
    rows <- sprintf('d$stratum == "%s"', s)
    st <- list(
      n_h = leaf(sprintf("unique(design$fpc$sampsize[%s, 1])", rows)),
      sum_weights = leaf(sprintf("sum(weights(design)[%s])", rows))
    )
    if (!cfg$weights) st$weight <- leaf(sprintf("unique(weights(design)[%s])", rows))
    if (cfg$fpc) st$N_h <- leaf(sprintf("unique(design$fpc$popsize[%s, 1])", rows))
    per_stratum[[s]] <- st
  }
  design_info <- list(
    read = paste("d <-", read),
    svydesign = paste("design <-", dcall),
    strata = cfg$strata, weights = cfg$weights, fpc = cfg$fpc,
    warnings = if (length(warnings_seen)) I(warnings_seen) else list(),
    nrow = leaf("nrow(d)"),
    degf = leaf("degf(design)"),
    per_stratum = per_stratum
  )
  case_items <- list()
  for (it in items) {
    case_items[[it]] <- item_block(it, "design", cfg$waves,
                                   by_stratum = isTRUE(cfg$by_stratum))
  }
  entry <- list(
    about = cfg$about,
    file = sprintf("tests/reference/data/%s.csv", name),
    waves = I(cfg$waves),
    design = design_info,
    items = case_items
  )
  if (!is.null(cfg$domains)) {
    doms <- list()
    for (dm in cfg$domains) {
      base <- sprintf("subset(design, %s)", dm$where)
      blk <- item_block(dm$item, base, cfg$waves)
      doms[[paste(dm$item, "|", dm$where)]] <- c(
        list(item = dm$item, where = dm$where, design = base), blk)
    }
    entry$domains <- doms
  }
  out_cases[[name]] <- entry
  cat("done:", name, "\n")
}

meta <- list(
  generated_by = "Rscript tests/reference/design_reference.R",
  data_by = "python tests/reference/make_design_data.py",
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  options = list(
    survey.lonely.psu = getOption("survey.lonely.psu"),
    survey.adjust.domain.lonely = getOption("survey.adjust.domain.lonely"),
    survey.ultimate.cluster = getOption("survey.ultimate.cluster")
  ),
  layout = paste(
    "cases.<case>.items.<item>.waves.<wave>.<statistic>, .vcov (rows and",
    "columns in waves_order), .changes.<from>-<to>.{estimate,se};",
    "cases.domains.domains.<item | condition> has the same layout;",
    "cases.stratified.items.<item>.by_stratum.<wave>.<stratum>.{mean,se}.",
    "Each leaf is {value, r}; CI leaves hold [low, high]."
  ),
  notes = list(
    paste(
      "n_h is the number of organisations of stratum h in the whole design",
      "(all waves): a subset (a wave, a domain, the answered rows) keeps",
      "design$fpc$sampsize and onestrat() pads the organisations without rows",
      "with zeros. So an organisation absent from a wave still counts in n_h",
      "(and in N_h/n_h, the weights R derives from the FPC)."
    ),
    paste(
      "degf(subset(...)) counts only the organisations with a row in the",
      "subset (minus the strata with a row); svyciprop's default df is",
      "degf() of the design it is given."
    ),
    paste(
      "svymean(deff=TRUE) is NOT the 'replace' design effect: it divides by",
      "s2 * (1/n - 1/sum(w)) (without replacement, population size sum(w)),",
      "which is Inf for an unweighted design without FPC; deff='replace'",
      "divides by s2/n.  s2 = n/(n-1) * sum(w*(y-p)^2)/sum(w), n the answered",
      "rows; neither uses the design's FPC."
    ),
    paste(
      "svyciprop(method='beta') ignores df=: it uses",
      "qt(alpha/2, nrow(design)-1)/qt(alpha/2, degf(design)) with nrow",
      "counting the subset's rows including unanswered ones."
    ),
    paste(
      "svyciprop(method='logit') fits svyglm(quasibinomial) with glm's default",
      "convergence (epsilon = 1e-8), so its logit is only within about 1e-9",
      "of logit(p) (logit_estimate shows expit of it) and its limits move",
      "with it; method='xlogit' is the same Wald interval on the logit scale",
      "computed from the ratio mean and its SE (svycontrast), exactly."
    ),
    paste(
      "svyby(..., svymean, na.rm=TRUE, covmat=TRUE) fails in survey 4.1-1",
      "when the item has missing answers (fixed in survey 4.2); items with",
      "missing answers use subset(design, !is.na(item)) instead (svyby_note)."
    )
  )
)

json <- to_json(list(meta = meta, cases = out_cases))
out <- file.path("tests", "reference", "design_reference.json")
writeLines(json, out, useBytes = TRUE)
cat("wrote", out, "\n")
