"""The report's texts in every language: data only (read through :mod:`capf.report.messages`).

``MESSAGES``: ``key -> {"en": text, "da": text}``, :meth:`str.format` templates;
``MONTHS``: month names by language.
"""

from __future__ import annotations

from ..sectors import SECTOR_RECORDS

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december"),
}

MESSAGES: dict[str, dict[str, str]] = {
    # ---- header
    "unit": {"en": "kt CO2e/yr", "da": "kt CO2e/år"},
    "fact.plan": {"en": "Plan", "da": "Plan"},
    "fact.base_year": {"en": "Base year", "da": "Basisår"},
    "fact.end_year": {"en": "End year", "da": "Slutår"},
    "fact.gwp": {"en": "GWP set", "da": "GWP-sæt"},
    "fact.municipalities": {"en": "Municipalities", "da": "Kommuner"},
    "fact.scenarios": {"en": "Scenarios", "da": "Scenarier"},
    "fact.electricity": {"en": "Electricity", "da": "El"},
    "fact.statistic": {"en": "Statistic", "da": "Statistik"},
    "fact.made": {"en": "Made", "da": "Udarbejdet"},
    "fact.made_text": {"en": "{date} with capf {version}",
                       "da": "{date} med capf {version}"},
    "statistic.mean": {"en": "Monte-Carlo mean of {n} sampled projections",
                       "da": "Monte Carlo-gennemsnit af {n} fremskrivninger"},
    "electricity.national_average": {"en": "national average (BR18 trajectory)",
                                     "da": "landsgennemsnit (BR18-forløb)"},
    "electricity.local_netted": {"en": "local production netted",
                                 "da": "lokal produktion modregnet"},
    "more": {"en": "… {n} more", "da": "… {n} flere"},
    "none": {"en": "none", "da": "ingen"},
    "all": {"en": "all", "da": "alle"},
    "all_n": {"en": "all ({n})", "da": "alle ({n})"},
    "and_more": {"en": "{head} and {n} more", "da": "{head} og {n} flere"},
    "yes": {"en": "yes", "da": "ja"},
    "no": {"en": "no", "da": "nej"},
    "plan_prefix": {"en": "Plan: {name}", "da": "Plan: {name}"},
    "contents": {"en": "Contents", "da": "Indhold"},
    # ---- sections
    "inventory.heading": {"en": "Base-year inventory", "da": "Opgørelse i basisåret"},
    "targets.heading": {"en": "Targets", "da": "Mål"},
    "gaps.heading": {"en": "Gaps by sector", "da": "Mangler fordelt på sektorer"},
    "sector-test.heading": {"en": "DK2020 sector test", "da": "DK2020-sektortest"},
    "monitoring.heading": {"en": "Monitoring", "da": "Opfølgning"},
    "uncertainty.heading": {"en": "Uncertainty", "da": "Usikkerhed"},
    "costs.heading": {"en": "Costs", "da": "Omkostninger"},
    "scenarios.heading": {"en": "Scenarios and actions", "da": "Scenarier og tiltag"},
    "emissions.heading": {"en": "Emissions by year and sector",
                          "da": "Udledninger fordelt på år og sektor"},
    "assumptions.heading": {"en": "Assumptions and sources", "da": "Antagelser og kilder"},
    # ---- inventory
    "inventory.note": {
        "en": "Each line of the plan's inventory in the base year {year}: the activity, the "
              "emission factor per gas and where it comes from (the catalogue's default with "
              "its source, or the factor the planner gave), and the CO2e it gives "
              "({unit}). Lines known only as emissions have no activity or factor.",
        "da": "Hver linje i planens opgørelse i basisåret {year}: aktiviteten, "
              "emissionsfaktoren pr. gas og hvor den kommer fra (katalogets standardværdi med "
              "kilde eller den faktor, planlæggeren har angivet), og den CO2e, den giver "
              "({unit}). Linjer, der kun kendes som udledninger, har ingen aktivitet eller "
              "faktor."},
    "inventory.grouped": {
        "en": "{n} municipalities: the lines are grouped by source and summed.",
        "da": "{n} kommuner: linjerne er grupperet efter kilde og summeret."},
    "inventory.empty": {"en": "The plan has no inventory lines.",
                        "da": "Planen har ingen opgørelseslinjer."},
    "col.source": {"en": "source", "da": "kilde"},
    "col.sector": {"en": "sector", "da": "sektor"},
    "col.municipality": {"en": "municipality", "da": "kommune"},
    "col.municipalities": {"en": "municipalities", "da": "kommuner"},
    "col.lines": {"en": "lines", "da": "linjer"},
    "col.activity": {"en": "activity", "da": "aktivitet"},
    "col.factor": {"en": "factor", "da": "faktor"},
    "col.factor_source": {"en": "source of the factor or figure",
                          "da": "kilde til faktor eller tal"},
    "col.co2e_base": {"en": "CO2e {year}", "da": "CO2e {year}"},
    "col.note": {"en": "note", "da": "note"},
    "col.flag": {"en": "flag", "da": "markering"},
    "factor.given": {"en": "given in the plan", "da": "angivet i planen"},
    "factor.efficiency": {"en": "efficiency {value}", "da": "virkningsgrad {value}"},
    "factor.default": {"en": "default", "da": "standard"},
    "factor.emissions_only": {"en": "emissions given directly", "da": "udledning angivet direkte"},
    "flag.estimate": {"en": "estimate", "da": "skøn"},
    "flag.reported_negative": {"en": "reported negative", "da": "indberettet negativ"},
    "inventory.total": {"en": "total", "da": "i alt"},
    # ---- targets
    "targets.note": {
        "en": "Levels in {unit} of net emissions (removals included) on each target's scope. "
              "Gap = projected − target level: positive means short of the target.",
        "da": "Niveauer i {unit} af nettoudledninger (optag medregnet) inden for hvert måls "
              "afgrænsning. Mangel = fremskrevet − målniveau: positiv betyder, at målet ikke "
              "nås."},
    "targets.definitions": {"en": "The targets", "da": "Målene"},
    "targets.summary": {"en": "Met or not, by scenario", "da": "Nået eller ej, pr. scenarie"},
    "targets.rows": {"en": "By scenario and municipality", "da": "Pr. scenarie og kommune"},
    "targets.rows_collapsed": {"en": "Every scenario × municipality × target ({n} rows)",
                               "da": "Alle scenarier × kommuner × mål ({n} rækker)"},
    "targets.empty": {"en": "The plan has no targets.", "da": "Planen har ingen mål."},
    "targets.footnote": {
        "en": "* Estimate: {notes}. A target level derived from an estimated reference level "
              "is an estimate too.",
        "da": "* Skøn: {notes}. Et målniveau, der er afledt af et skønnet referenceniveau, er "
              "også et skøn."},
    "targets.footnote.backcast": {
        "en": "back-cast from the base-year inventory (and the observed years it is anchored "
              "on) with the national series '{series}' (see Assumptions)",
        "da": "tilbageregnet fra basisårets opgørelse (og de observerede år, den er forankret "
              "i) med den nationale serie '{series}' (se Antagelser)"},
    "targets.footnote.other": {"en": "a reference level flagged as an estimate ({method})",
                               "da": "et referenceniveau markeret som skøn ({method})"},
    "col.target": {"en": "target", "da": "mål"},
    "col.year": {"en": "year", "da": "år"},
    "col.rule": {"en": "rule", "da": "regel"},
    "col.scope": {"en": "scope", "da": "afgrænsning"},
    "col.citation": {"en": "source", "da": "kilde"},
    "col.scenario": {"en": "scenario", "da": "scenarie"},
    "col.met_in": {"en": "met in", "da": "nået i"},
    "col.target_level_sum": {"en": "target level (sum)", "da": "målniveau (sum)"},
    "col.projected_sum": {"en": "projected (sum)", "da": "fremskrevet (sum)"},
    "col.gap_unmet_sum": {"en": "gap where not met (sum)", "da": "mangel hvor ikke nået (sum)"},
    "col.reference_level": {"en": "reference level", "da": "referenceniveau"},
    "col.target_level": {"en": "target level", "da": "målniveau"},
    "col.projected": {"en": "projected", "da": "fremskrevet"},
    "col.met": {"en": "met", "da": "nået"},
    "col.gap": {"en": "gap", "da": "mangel"},
    "col.probability": {"en": "probability", "da": "sandsynlighed"},
    "met_of": {"en": "{met} of {count}", "da": "{met} af {count}"},
    "rule.relative": {"en": "{pct} below {year}", "da": "{pct} under {year}"},
    "rule.net_zero": {"en": "net zero (removals included)", "da": "netto nul (optag medregnet)"},
    "rule.per_capita": {"en": "at most {level} per inhabitant",
                        "da": "højst {level} pr. indbygger"},
    "rule.absolute": {"en": "at most {level}", "da": "højst {level}"},
    "scope.all": {"en": "all sectors", "da": "alle sektorer"},
    # ---- gaps
    "gaps.note": {
        "en": "Each target's gap split by sector and summed over the municipalities ({unit}; "
              "positive: the sector is short of its share of the target). Split: {splits}. "
              "The sector gaps add up to the total gap.",
        "da": "Hvert måls mangel fordelt på sektorer og summeret over kommunerne ({unit}; "
              "positiv: sektoren når ikke sin andel af målet). Fordeling: {splits}. "
              "Sektorernes mangler summer til den samlede mangel."},
    "gaps.empty": {"en": "No targets, so no gaps.", "da": "Ingen mål, så ingen mangler."},
    "split.same_cut": {"en": "the target's cut on each sector's reference level",
                       "da": "målets reduktion på hver sektors referenceniveau"},
    "split.base_year_share": {"en": "the target level shared by base-year sector levels",
                              "da": "målniveauet fordelt efter sektorernes niveau i basisåret"},
    "split.net_zero": {"en": "net zero: every sector's target is 0",
                       "da": "netto nul: hver sektors mål er 0"},
    "col.total": {"en": "total", "da": "i alt"},
    # ---- sector test
    "sector-test.note": {
        "en": "The DK2020/CCTF sector test: the reduction from 2019 to 2030 in each CCTF "
              "sector against the minimum interval ({source}). Below the interval: the sector "
              "does less than the framework expects.",
        "da": "DK2020/CCTF-sektortesten: reduktionen fra 2019 til 2030 i hver CCTF-sektor "
              "sammenholdt med minimumsintervallet ({source}). Under intervallet: sektoren "
              "reducerer mindre, end rammen forventer."},
    "sector-test.empty": {
        "en": "Not shown: the plan has no 2019 level by sector (a [[baseline]] for 2019 with "
              "sector levels or a back-cast), or does not project 2030.",
        "da": "Vises ikke: planen har intet 2019-niveau pr. sektor (en [[baseline]] for 2019 med "
              "sektorniveauer eller en tilbageregning), eller fremskriver ikke 2030."},
    "sector-test.grouped": {
        "en": "{n} municipalities: how many fall below, within and above each interval.",
        "da": "{n} kommuner: hvor mange der ligger under, inden for og over hvert interval."},
    "col.reduction": {"en": "reduction 2019–2030", "da": "reduktion 2019–2030"},
    "col.interval": {"en": "interval", "da": "interval"},
    "col.verdict": {"en": "verdict", "da": "vurdering"},
    "col.level_2019": {"en": "2019 level", "da": "niveau 2019"},
    "col.level_2030": {"en": "2030 level", "da": "niveau 2030"},
    "verdict.below": {"en": "below", "da": "under"},
    "verdict.within": {"en": "within", "da": "inden for"},
    "verdict.above": {"en": "above", "da": "over"},
    "verdict.not_applicable": {"en": "not applicable (net sink in 2019)",
                               "da": "ikke relevant (nettooptag i 2019)"},
    # ---- monitoring
    "monitoring.note": {
        "en": "Observed emissions against each scenario's projected level in the same year "
              "({unit}). On track: the observed level is at or below the pathway.",
        "da": "Observerede udledninger sammenholdt med hvert scenaries fremskrevne niveau "
              "samme år ({unit}). På sporet: det observerede niveau er på eller under "
              "forløbet."},
    "monitoring.empty": {"en": "Not shown: the plan has no observations ([[observation]]).",
                         "da": "Vises ikke: planen har ingen observationer ([[observation]])."},
    "monitoring.none_in_years": {
        "en": "Not shown: no observation falls in the projected years.",
        "da": "Vises ikke: ingen observation ligger i de fremskrevne år."},
    "monitoring.grouped": {
        "en": "{n} municipalities: summed over the municipalities; the count says how many "
              "are on track.",
        "da": "{n} kommuner: summeret over kommunerne; antallet viser, hvor mange der er på "
              "sporet."},
    "col.observed": {"en": "observed", "da": "observeret"},
    "col.pathway": {"en": "pathway", "da": "forløb"},
    "col.deviation": {"en": "deviation", "da": "afvigelse"},
    "col.status": {"en": "status", "da": "status"},
    "col.on_track_count": {"en": "on track", "da": "på sporet"},
    "status.on_track": {"en": "on track", "da": "på sporet"},
    "status.off_track": {"en": "off track", "da": "ikke på sporet"},
    # ---- uncertainty
    "uncertainty.note": {
        "en": "Monte Carlo over the plan's distributions, {n} samples (seed {seed}, {method}); "
              "the samples are kept exactly in {years}.",
        "da": "Monte Carlo over planens fordelinger, {n} udtræk (seed {seed}, {method}); "
              "udtrækkene gemmes eksakt i {years}."},
    "uncertainty.empty": {
        "en": "Not shown: a run without Monte Carlo (run with --samples N on a plan with "
              "distributions).",
        "da": "Vises ikke: en kørsel uden Monte Carlo (kør med --samples N på en plan med "
              "fordelinger)."},
    "uncertainty.probabilities": {"en": "Probability of meeting each target",
                                  "da": "Sandsynlighed for at nå hvert mål"},
    "uncertainty.prob_note": {
        "en": "The share of samples in which the projected level is at or below the target "
              "level.",
        "da": "Andelen af udtræk, hvor det fremskrevne niveau er på eller under målniveauet."},
    "uncertainty.grouped": {
        "en": "{n} municipalities: the mean probability and how many municipalities reach "
              "50 % and 90 %.",
        "da": "{n} kommuner: den gennemsnitlige sandsynlighed, og hvor mange kommuner der når "
              "50 % og 90 %."},
    "col.mean_probability": {"en": "mean probability", "da": "gns. sandsynlighed"},
    "col.p50": {"en": "municipalities ≥ 50 %", "da": "kommuner ≥ 50 %"},
    "col.p90": {"en": "municipalities ≥ 90 %", "da": "kommuner ≥ 90 %"},
    "col.parameter": {"en": "parameter", "da": "parameter"},
    # ---- costs
    "costs.note": {
        "en": "Actions with costs: abatement at full effect ({unit}, in the first scenario "
              "that has the action), annual cost (investment annualised over the lifetime at "
              "the discount rate {rate}, plus operating cost; DKK/yr at the price year) and "
              "cost per tonne (DKK per t CO2e), cheapest first.",
        "da": "Tiltag med omkostninger: reduktion ved fuld effekt ({unit}, i det første "
              "scenarie med tiltaget), årlig omkostning (investering annuiseret over levetiden "
              "med diskonteringsrenten {rate} plus driftsomkostning; kr./år i prisåret) og pris "
              "pr. ton (kr. pr. t CO2e), billigst først."},
    "costs.empty": {"en": "Not shown: no action carries costs (investment or operating).",
                    "da": "Vises ikke: intet tiltag har omkostninger (investering eller drift)."},
    "col.action": {"en": "action", "da": "tiltag"},
    "col.abatement": {"en": "abatement", "da": "reduktion"},
    "col.annual_cost": {"en": "annual cost (MDKK/yr)", "da": "årlig omkostning (mio. kr./år)"},
    "col.cost_per_t": {"en": "DKK per t CO2e", "da": "kr. pr. t CO2e"},
    "col.cumulative": {"en": "cumulative", "da": "akkumuleret"},
    "col.price_year": {"en": "price year", "da": "prisår"},
    "col.full_year": {"en": "full effect", "da": "fuld effekt"},
    "costs.total": {"en": "total", "da": "i alt"},
    # ---- scenarios and actions
    "col.extends": {"en": "extends", "da": "bygger på"},
    "col.actions": {"en": "actions", "da": "tiltag"},
    "col.description": {"en": "description", "da": "beskrivelse"},
    "col.kind": {"en": "kind", "da": "type"},
    "col.acts_on": {"en": "acts on", "da": "virker på"},
    "col.share": {"en": "share / amount", "da": "andel / mængde"},
    "col.start": {"en": "start", "da": "start"},
    "col.full": {"en": "full", "da": "fuld"},
    "col.curve": {"en": "curve", "da": "kurve"},
    "col.scenarios": {"en": "scenarios", "da": "scenarier"},
    "actions.note": {
        "en": "Actions apply in the order listed; each acts on what the previous ones left. "
              "The curve is 0 in the start year and reaches the share in the full year.",
        "da": "Tiltagene virker i den viste rækkefølge; hvert virker på det, de foregående "
              "efterlod. Kurven er 0 i startåret og når andelen i året for fuld effekt."},
    "actions.empty": {"en": "The plan has no actions.", "da": "Planen har ingen tiltag."},
    "kind.reduce": {"en": "reduce", "da": "reducer"},
    "kind.switch": {"en": "switch", "da": "skift"},
    "kind.decarbonise": {"en": "decarbonise", "da": "afkarboniser"},
    "kind.remove": {"en": "remove", "da": "optag"},
    "kind.add": {"en": "add", "da": "tilføj"},
    "curve.step": {"en": "step", "da": "trin"},
    "curve.linear": {"en": "linear", "da": "lineær"},
    "curve.logistic": {"en": "logistic", "da": "logistisk"},
    "curve.bass": {"en": "Bass diffusion", "da": "Bass-diffusion"},
    "curve.stock_turnover": {"en": "stock turnover", "da": "bestandsudskiftning"},
    "curve.lifetime": {"en": "{curve} (lifetime {lifetime} yr, {survival})",
                       "da": "{curve} (levetid {lifetime} år, {survival})"},
    "carrier": {"en": "carrier {carrier}", "da": "energibærer {carrier}"},
    "decarbonise.amount": {"en": "{share} of the way to {factor}",
                           "da": "{share} af vejen til {factor}"},
    # ---- emissions by year
    "emissions.note": {
        "en": "Net CO2e by sector ({unit}), summed over the municipalities, in the base "
              "year, every fifth year and the end year; removals are negative.",
        "da": "Netto-CO2e pr. sektor ({unit}), summeret over kommunerne, i basisåret, hvert "
              "femte år og slutåret; optag er negative."},
    "emissions.scenario": {"en": "Scenario {name}", "da": "Scenarie {name}"},
    # ---- assumptions
    "assumptions.factors": {"en": "Default factors used", "da": "Anvendte standardfaktorer"},
    "assumptions.factors_empty": {
        "en": "None: every factor was given in the plan (or the inventory gives emissions "
              "directly).",
        "da": "Ingen: alle faktorer er angivet i planen (eller opgørelsen angiver udledninger "
              "direkte)."},
    "col.factor_and_source": {"en": "factor and its source", "da": "faktor og kilde"},
    "assumptions.estimates": {"en": "Inventory lines flagged as estimates",
                              "da": "Opgørelseslinjer markeret som skøn"},
    "assumptions.backcasts": {"en": "Reference levels that are estimates",
                              "da": "Referenceniveauer, der er skøn"},
    "assumptions.none": {"en": "None.", "da": "Ingen."},
    "assumptions.notes_differ": {"en": "{prefix} … ({n} variants, figures per municipality)",
                                 "da": "{prefix} … ({n} varianter, tal pr. kommune)"},
    "col.reference_year": {"en": "reference year", "da": "referenceår"},
    "col.method": {"en": "method", "da": "metode"},
    "col.level_sum": {"en": "level (sum, {unit})", "da": "niveau (sum, {unit})"},
    "assumptions.backcast_rule": {
        "en": "A back-cast scales each sector's base-year level by the national series: "
              "level(reference year) = level(base year) × national(reference year) ÷ "
              "national(base year).",
        "da": "En tilbageregning skalerer hver sektors niveau i basisåret med den nationale "
              "serie: niveau(referenceår) = niveau(basisår) × national(referenceår) ÷ "
              "national(basisår)."},
    "col.series": {"en": "series", "da": "serie"},
    "col.sectors_years": {"en": "sectors (years)", "da": "sektorer (år)"},
    "col.unit": {"en": "unit", "da": "enhed"},
    "assumptions.drivers": {"en": "Drivers of activity", "da": "Drivere af aktivitet"},
    "col.driver": {"en": "driver", "da": "driver"},
    "col.applies_to": {"en": "applies to", "da": "gælder for"},
    "col.growth": {"en": "growth", "da": "vækst"},
    "driver.index": {"en": "index {first}–{last}: × {ratio} from {base} to {end}",
                     "da": "indeks {first}–{last}: × {ratio} fra {base} til {end}"},
    "assumptions.provenance": {"en": "Provenance of the plan's tables",
                               "da": "Oprindelse af planens tabeller"},
    # ---- figures
    "figures.trajectory": {"en": "Net emissions and targets: {where}",
                           "da": "Nettoudledning og mål: {where}"},
    "figures.trajectory_caption": {
        "en": "Net emissions (removals included) of every scenario, the targets' levels "
              "(markers), the straight-line paths from the base year to them (dashed) and "
              "reference levels (dotted).",
        "da": "Nettoudledning (optag medregnet) i hvert scenarie, målenes niveauer "
              "(markører), de rette linjer fra basisåret til dem (stiplet) og "
              "referenceniveauer (prikket)."},
    "figures.small_multiples": {"en": "Net emissions by municipality",
                                "da": "Nettoudledning pr. kommune"},
    "figures.small_multiples_caption": {
        "en": "Net emissions of each scenario ({unit}, each panel its own scale) and the first "
              "relative target's level; {n} of {total} municipalities, the largest emitters in "
              "the base year.",
        "da": "Nettoudledning i hvert scenarie ({unit}, hvert panel sin egen skala) og det "
              "første relative måls niveau; {n} af {total} kommuner, de største udledere i "
              "basisåret."},
    "figures.small_multiples_note": {"en": " ({n} of {total} with the largest emissions)",
                                     "da": " ({n} af {total} med de største udledninger)"},
    "figures.sectors": {"en": "Emissions by sector: {where}, scenario {scenario}",
                        "da": "Udledning pr. sektor: {where}, scenarie {scenario}"},
    "figures.sectors_caption": {
        "en": "CO2e by sector ({unit}); removals and other negative emissions below zero; the "
              "line is the net total.",
        "da": "CO2e pr. sektor ({unit}); optag og andre negative udledninger under nul; linjen "
              "er nettototalen."},
    "figures.wedges": {"en": "Reductions by action: {where}, scenario {scenario}",
                       "da": "Reduktioner pr. tiltag: {where}, scenarie {scenario}"},
    "figures.wedges_caption": {
        "en": "What each action avoids ({unit}), stacked from the scenario's total up to its "
              "total without actions.",
        "da": "Hvad hvert tiltag undgår ({unit}), stablet fra scenariets total op til totalen "
              "uden tiltag."},
    "figures.fan": {"en": "Uncertainty of net emissions: {where}",
                    "da": "Usikkerhed på nettoudledningen: {where}"},
    "figures.fan_caption": {
        "en": "Net emissions over {n} samples ({unit}): the mean (line); the 25–75 % (dark) and "
              "5–95 % (light) bands in every year, from the mean and standard deviation "
              "(a normal approximation; one municipality only); the exact median and 5–95 % "
              "range of the samples in {years} (markers and whiskers).",
        "da": "Nettoudledning over {n} udtræk ({unit}): gennemsnittet (linje); 25–75 %- "
              "(mørkt) og 5–95 %-båndet (lyst) i hvert år ud fra gennemsnit og "
              "standardafvigelse (en normalfordelingstilnærmelse; kun for én kommune); den "
              "eksakte median og 5–95 %-spændet af udtrækkene i {years} (markører og "
              "fejllinjer)."},
    "figures.macc": {"en": "Marginal abatement cost curve", "da": "Marginalomkostningskurve"},
    "figures.macc_caption": {
        "en": "One bar per costed action, cheapest first: width the abatement at full effect "
              "({unit}), height the cost per tonne (DKK per t CO2e).",
        "da": "Én søjle pr. tiltag med omkostninger, billigst først: bredden er reduktionen "
              "ved fuld effekt ({unit}), højden prisen pr. ton (kr. pr. t CO2e)."},
    "figures.all_municipalities": {"en": "all {n} municipalities", "da": "alle {n} kommuner"},
    "axis.year": {"en": "year", "da": "år"},
    "axis.abatement": {"en": "abatement at full effect ({unit})",
                       "da": "reduktion ved fuld effekt ({unit})"},
    "axis.cost_per_t": {"en": "DKK per t CO2e", "da": "kr. pr. t CO2e"},
    "legend.net_total": {"en": "net total", "da": "netto i alt"},
    "legend.other_actions": {"en": "other actions ({n})", "da": "andre tiltag ({n})"},
    # the scenario's own total without its actions (not the bau scenario)
    "legend.without_actions": {"en": "{name} without its actions",
                               "da": "{name} uden tiltagene"},
    "legend.scenario": {"en": "scenario {name}", "da": "scenarie {name}"},
    "legend.target": {"en": "{name} ({year}): {level}", "da": "{name} ({year}): {level}"},
    "legend.target_level": {"en": "{name} level", "da": "niveau for {name}"},
    "legend.reference": {"en": "{year} level: {level}", "da": "niveau {year}: {level}"},
    "legend.reference_estimate": {"en": "{year} level (estimate): {level}",
                                  "da": "niveau {year} (skøn): {level}"},
    "legend.mean": {"en": "{name}: mean", "da": "{name}: gennemsnit"},
    "legend.band90": {"en": "{name}: 5–95 %", "da": "{name}: 5–95 %"},
    "legend.exact": {"en": "{name}: median, 5–95 % (exact)",
                     "da": "{name}: median, 5–95 % (eksakt)"},
    "legend.no_actions": {"en": "no actions in this scenario",
                          "da": "ingen tiltag i dette scenarie"},
    "footer": {
        "en": "Written by capf {version} on {date}. Figures and tables in {unit} unless "
              "stated; the GWP set is {gwp}. Tables show rounded figures; the CSV files "
              "hold the full values with point decimals.",
        "da": "Skrevet af capf {version} den {date}. Figurer og tabeller i {unit}, hvor intet "
              "andet er angivet; GWP-sættet er {gwp}. Tabellerne viser afrundede tal; "
              "CSV-filerne har de fulde værdier med decimalpunktum."},
    # ---- sectors: each capf sector's labels from its record (capf.sectors.Sector); the CCTF
    # groups of the sector test are named like capf sectors, except "other"
    **{f"sector.{name}": {"en": s.label, "da": s.label_da} for name, s in SECTOR_RECORDS.items()},
    "sector.other": {"en": "other", "da": "øvrige"},
    "sector.total": {"en": "total", "da": "i alt"},
}
