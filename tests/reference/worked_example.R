library(survey)
d <- read.csv("examples/data/synthetic_panel.csv", skip = 1,
              colClasses = c(org_code = "character"))
des <- svydesign(ids = ~org_code, strata = ~org_kind, data = d)
answered <- subset(des, !is.na(purpose.recruitment))
means <- svyby(~purpose.recruitment, ~wave, answered, svymean, covmat = TRUE)
means
change <- svycontrast(means, c(-1, 1))
change
confint(change)
degf(des)
svyciprop(~purpose.recruitment, subset(answered, wave == 2012),
          method = "logit", df = degf(des))
