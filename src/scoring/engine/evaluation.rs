//! Reading a finished evaluation: ranking the roles (a full sort, or one
//! insertion pass for a small top-k) and explaining one role's score for a
//! person.

use super::*;

/// Largest `top_k` ranked with a single insertion pass.
const SMALL_TOP_K: usize = 8;

/// Whether a ranking goes through [`Evaluation::ranked_small`].
pub(super) fn uses_small_top_k(filter: Option<&[u32]>, top_k: usize) -> bool {
    filter.is_none() && (1..=SMALL_TOP_K).contains(&top_k)
}

/// Best first: score, then more matched skills (the more specific role),
/// then role id (catalog order).
fn role_order(a: &RoleHit, b: &RoleHit) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.matched.cmp(&a.matched))
        .then(a.role.cmp(&b.role))
}

/// [`role_order`] as one integer, larger first: the score's bits (a
/// non-negative float orders like its bit pattern), then matched skills,
/// then the role index reversed (smaller index first).
fn rank_key(role: u32, fixed: u64, totals: &RoleTotals, shortfall: f64) -> u128 {
    let score = final_score(fixed, totals.missing_required, shortfall);
    (u128::from(score.to_bits()) << 64)
        | (u128::from(totals.matched()) << 32)
        | u128::from(u32::MAX - role)
}

/// The smallest fixed-point raw score whose value is not below `score`
/// (a score in [0, 1]): `ceil(score * 2^32)`, exact in f64.
fn fixed_floor(score: f64) -> u64 {
    let scaled = score * FIXED_ONE;
    let floor = scaled as u64;
    if (floor as f64) < scaled {
        floor + 1
    } else {
        floor
    }
}

/// Where a requirement came from, for a person: `line 12: <the line>`.
fn source_line(requirement: &Requirement) -> String {
    requirement
        .evidence
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Every must-have met, and some skill of the role matched: a role matched
/// by nothing at all (a welder against a backend role that names no
/// must-have) is no fit to report as one.
fn meets_requirements(totals: &RoleTotals) -> bool {
    totals.missing_required == 0 && totals.matched() > 0
}

/// The final score of a role from its totals and the candidate's
/// [`shortfall_factor`] there: the raw score, capped at 1, times the
/// must-have penalty and the shortfall factor.
fn score_of(totals: &RoleTotals, shortfall: f64) -> f64 {
    final_score(totals.fixed, totals.missing_required, shortfall)
}

/// [`score_of`] from a raw score and the number of must-haves missing.
fn final_score(fixed: u64, missing_required: u32, shortfall: f64) -> f64 {
    from_fixed(fixed).min(1.0) * penalty(missing_required) * shortfall
}

/// A finished evaluation of one profile, borrowed from the thread's scratch.
pub(super) struct Evaluation<'e, 'p, 'a> {
    pub(super) engine: &'e Engine,
    pub(super) profile: &'p ProfileRef<'a>,
    pub(super) scratch: &'p mut Scratch,
}

impl Evaluation<'_, '_, '_> {
    pub(super) fn hit(&self, role: u32) -> RoleHit {
        debug_assert!(self.scratch.finished, "hit reads the role's raw score");
        let totals = self.scratch.totals[role as usize];
        let score = score_of(&totals, self.shortfall(&self.engine.roles[role as usize]));
        RoleHit {
            role,
            score,
            meets_requirements: meets_requirements(&totals),
            matched: totals.matched(),
        }
    }

    /// The candidate's [`shortfall_factor`] on a role.
    fn shortfall(&self, role: &RoleIndex) -> f64 {
        self.scratch.shortfall_factors[role.experience_expectation as usize]
    }

    /// Roles best first: score, then more matched skills (the more specific
    /// role), then role id (catalog order).
    pub(super) fn ranked(&self, filter: Option<&[u32]>, top_k: usize) -> Vec<RoleHit> {
        let mut hits = Vec::new();
        self.ranked_into(filter, top_k, &mut hits);
        hits
    }

    /// [`Self::ranked`] into `hits` (cleared first).
    pub(super) fn ranked_into(
        &self,
        filter: Option<&[u32]>,
        top_k: usize,
        hits: &mut Vec<RoleHit>,
    ) {
        hits.clear();
        if uses_small_top_k(filter, top_k) {
            return self.ranked_small(top_k, hits);
        }
        debug_assert!(
            self.scratch.finished,
            "a full ranking reads every role's raw score"
        );
        match filter {
            Some(roles) => hits.extend(roles.iter().map(|&r| self.hit(r))),
            None => hits.extend((0..self.engine.roles.len() as u32).map(|r| self.hit(r))),
        }
        if top_k > 0 && top_k < hits.len() {
            hits.select_nth_unstable_by(top_k - 1, role_order);
            hits.truncate(top_k);
        }
        hits.sort_by(role_order);
        hits.dedup_by_key(|h| h.role);
    }

    /// [`Self::ranked`] for a small `top_k` over all roles: one pass that
    /// keeps the best `top_k` in order (the same order as a full sort).
    /// Each role is compared by one integer, [`rank_key`], and only the
    /// winners are turned into [`RoleHit`]s. After a [`Finish::SmallTopK`]
    /// evaluation it computes the raw scores it needs itself.
    fn ranked_small(&self, top_k: usize, hits: &mut Vec<RoleHit>) {
        let scratch = &*self.scratch;
        // Two copies of the loop, so that neither tests which kind of
        // evaluation it follows at every role.
        if scratch.finished {
            self.ranked_small_by(top_k, hits, |_, totals, _| totals.fixed);
        } else {
            self.ranked_small_by(top_k, hits, |index, _, skill_fixed| {
                let fits = fits_for(index, &scratch.experience_fits, &scratch.management_fits);
                raw_score(index, skill_fixed, fits)
            });
        }
    }

    /// [`Self::ranked_small`], with `raw_score_of(role, totals, skill_fixed)`
    /// giving a role's raw score.
    fn ranked_small_by(
        &self,
        top_k: usize,
        hits: &mut Vec<RoleHit>,
        raw_score_of: impl Fn(&RoleIndex, &RoleTotals, u64) -> u64,
    ) {
        debug_assert!((1..=SMALL_TOP_K).contains(&top_k));
        let scratch = &*self.scratch;
        // Best first; `kept` entries are valid.
        let mut best = [0u128; SMALL_TOP_K];
        let mut kept = 0;
        // Once the list is full, the raw score (fixed point) a role needs to
        // get in: its score is at most its raw score, so below the last
        // entry's score it cannot get in, and its key need not be computed.
        // Nor its raw score, when even full seniority on top of its skill
        // contributions stays below: most roles earn little or nothing from
        // a given candidate.
        let mut entry_floor = 0u64;
        for ((role, totals), index) in scratch.totals.iter().enumerate().zip(&self.engine.roles) {
            let skill_fixed = totals.skill_fixed();
            if skill_fixed + index.seniority_bound < entry_floor {
                continue;
            }
            let fixed = raw_score_of(index, totals, skill_fixed);
            if fixed < entry_floor {
                continue;
            }
            let shortfall = scratch.shortfall_factors[index.experience_expectation as usize];
            let key = rank_key(role as u32, fixed, totals, shortfall);
            if kept == top_k {
                if key <= best[top_k - 1] {
                    continue;
                }
                kept -= 1;
            }
            let mut at = kept;
            while at > 0 && best[at - 1] < key {
                best[at] = best[at - 1];
                at -= 1;
            }
            best[at] = key;
            kept += 1;
            if kept == top_k {
                entry_floor = fixed_floor(f64::from_bits((best[top_k - 1] >> 64) as u64));
            }
        }
        hits.extend(best[..kept].iter().map(|&key| {
            let role = u32::MAX - key as u32;
            let totals = &scratch.totals[role as usize];
            RoleHit {
                role,
                score: f64::from_bits((key >> 64) as u64),
                meets_requirements: meets_requirements(totals),
                matched: totals.matched(),
            }
        }));
    }

    fn slot_hit(&self, slot: u32) -> Option<SlotHit> {
        self.scratch.hits[self.engine.slots[slot as usize].atom as usize]
    }

    fn wording(&self, held: &Held) -> String {
        match held.source {
            Source::Listed(i) => self.profile.skills[i as usize].name.trim().to_string(),
            Source::Resume(start, end) => {
                let text = self
                    .profile
                    .resume_text
                    .get(start as usize..end as usize)
                    .unwrap_or_default();
                format!("resume: {text}")
            }
            Source::ManagementYears => match self.profile.management_years {
                Some(years) => format!("management_years: {years}"),
                None => "management_years".to_string(),
            },
        }
    }

    pub(super) fn missing_required(&self, role: &Role, role_index: u32) -> Vec<String> {
        let index = &self.engine.roles[role_index as usize];
        let taxonomy = &self.engine.taxonomy;
        let mut missing: Vec<String> = index
            .slots
            .clone()
            .zip(&role.requirements)
            .filter(|(slot, _)| self.engine.slots[*slot as usize].required)
            .filter(|(slot, _)| !self.slot_hit(*slot).is_some_and(|h| h.met))
            .map(|(_, req)| taxonomy.skill(req.primary()).id.clone())
            .collect();
        if index.requires_management && self.scratch.lacks_management {
            missing.push(MANAGEMENT_MUST_HAVE.to_string());
        }
        missing
    }

    pub(super) fn role_score(&self, role: &Role, hit: &RoleHit, explain: bool) -> RoleScore {
        debug_assert!(self.scratch.finished, "a role score reads the raw score");
        let totals = self.scratch.totals[hit.role as usize];
        let raw = from_fixed(totals.fixed).min(1.0);
        let mut score = RoleScore {
            role_id: role.role_id.clone(),
            title: role.title.clone(),
            specialty: role.specialty.clone(),
            score: hit.score,
            raw_score: raw,
            penalty_factor: penalty(totals.missing_required),
            experience_factor: self.shortfall(&self.engine.roles[hit.role as usize]),
            meets_requirements: hit.meets_requirements,
            missing_required: self.missing_required(role, hit.role),
            matches: Vec::new(),
            gaps: Vec::new(),
        };
        if explain {
            self.explain(role, hit.role, &mut score);
        }
        score
    }

    fn explain(&self, role: &Role, role_index: u32, out: &mut RoleScore) {
        let engine = self.engine;
        let index = &engine.roles[role_index as usize];
        let taxonomy = &engine.taxonomy;
        let totals = self.scratch.totals[role_index as usize];
        let skill_fixed = totals.skill_fixed();
        let fits = fits_for(
            index,
            &self.scratch.experience_fits,
            &self.scratch.management_fits,
        );
        let shortfall = self.shortfall(index);
        let score_now = final_score(totals.fixed, totals.missing_required, shortfall);
        // What the role's score would become with `added` more skill
        // contribution (seniority follows skill coverage) and one must-have
        // fewer missing if `meets_one`: the gaps are ranked by that gain, so
        // a missing must-have (which halves the score) comes before a
        // bonus skill of larger weight.
        let gain = |added: u64, meets_one: bool| {
            let missing = totals.missing_required - u32::from(meets_one);
            let raw = raw_score(index, skill_fixed + added, fits);
            final_score(raw, missing, shortfall) - score_now
        };
        let mut gaps: Vec<(f64, &str)> = Vec::new();
        for (slot_index, requirement) in index.slots.clone().zip(&role.requirements) {
            let slot = engine.slots[slot_index as usize];
            let hit = self.slot_hit(slot_index);
            let unmet_must_have = slot.required && !hit.is_some_and(|h| h.met);
            let credit = hit.map_or(0, |h| h.credit);
            if credit == 0 || unmet_must_have {
                let added = to_fixed(slot.weight, CREDIT_ONE - credit);
                gaps.push((
                    gain(added, unmet_must_have),
                    taxonomy.skill(requirement.primary()).id.as_str(),
                ));
            }
            match hit {
                Some(hit) if hit.credit > 0 => {
                    let fixed = to_fixed(slot.weight, hit.credit);
                    let held = &self.scratch.held[hit.held as usize];
                    out.matches.push(SkillMatch {
                        skill_id: taxonomy.skill(hit.member).id.clone(),
                        matched_from: self.wording(held),
                        weight: from_fixed(slot.weight),
                        credit: credit_f64(hit.credit),
                        contribution: from_fixed(fixed),
                        tier: Some(requirement.tier),
                        alternatives: requirement
                            .skills
                            .iter()
                            .filter(|&&skill| skill != hit.member)
                            .map(|&skill| taxonomy.skill(skill).id.clone())
                            .collect(),
                        expected_level: requirement.expected_level,
                        source: source_line(requirement),
                        via_skill_id: if held.skill == hit.member {
                            String::new()
                        } else {
                            taxonomy.skill(held.skill).id.clone()
                        },
                    });
                }
                _ => {}
            }
        }
        let years = self.scratch.years;
        let management = self.profile.management_years.unwrap_or(0.0);
        // Parts in the order of `fits`: experience, then management.
        for (which, part) in engine
            .seniority(index, skill_fixed, years, management)
            .into_iter()
            .enumerate()
        {
            if part.weight == 0 {
                continue;
            }
            // Years short of the role's expectation are a gap; years that
            // earn nothing only for want of matched skills are not.
            if fits[which] < CREDIT_ONE {
                let mut met = fits;
                met[which] = CREDIT_ONE;
                let raw = raw_score(index, skill_fixed, met);
                // Management years also meet the management must-have,
                // beside a technical skill.
                let relieved = part.id == MANAGEMENT_MUST_HAVE
                    && index.requires_management
                    && self.scratch.lacks_management
                    && engine.holds_technical(&self.scratch.held);
                let missing = totals.missing_required - u32::from(relieved);
                // The expected years also lift the shortfall factor to 1.
                let shortfall = if which == 0 { 1.0 } else { shortfall };
                gaps.push((final_score(raw, missing, shortfall) - score_now, part.id));
            }
            if part.credit > 0 {
                // The credit is the fit to the expectation times the skill
                // coverage: both shown, so the credit column adds up.
                let relevance = credit_f64(part.relevance);
                let fit = credit_f64(part.credit) / relevance;
                let fit = if fit < 0.995 {
                    format!(", fit {fit:.2}")
                } else {
                    String::new()
                };
                let relevance = if part.relevance < CREDIT_ONE {
                    format!(", x{relevance:.2} for skill coverage")
                } else {
                    String::new()
                };
                // Without years_experience, experience is read from the
                // skills' years: say so, not as if the candidate gave it.
                let field = if which == 0 && self.profile.years_experience.is_none() {
                    "longest skill years (years_experience not given)"
                } else {
                    part.field
                };
                out.matches.push(SkillMatch {
                    skill_id: part.id.to_string(),
                    matched_from: format!(
                        "{field}: {} (expected {}{fit}{relevance})",
                        part.have, part.expected
                    ),
                    weight: from_fixed(part.weight),
                    credit: credit_f64(part.credit),
                    contribution: from_fixed(part.contribution),
                    tier: None,
                    alternatives: Vec::new(),
                    expected_level: 0,
                    source: String::new(),
                    via_skill_id: String::new(),
                });
            }
        }
        out.matches.sort_by(|a, b| {
            b.contribution
                .total_cmp(&a.contribution)
                .then_with(|| a.skill_id.cmp(&b.skill_id))
        });
        gaps.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        // A skill asked for twice (at two tiers, in two groups) is one gap,
        // at its larger gain; one that would not raise the score is none.
        let mut seen = std::collections::HashSet::new();
        out.gaps = gaps
            .into_iter()
            .filter(|&(gain, id)| gain > 0.0 && seen.insert(id))
            .take(5)
            .map(|(_, id)| id.to_string())
            .collect();
    }

    pub(super) fn unresolved(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_unresolved(|name| out.push(name.to_string()));
        out
    }

    /// Calls `f` with each distinct unresolved name, trimmed and cut to
    /// [`MAX_UNRESOLVED_ECHO`] characters, in listing order.
    pub(super) fn for_each_unresolved(&self, mut f: impl FnMut(&str)) {
        let echo = |u: &Unresolved| {
            let name = &self.profile.skills[u.claim as usize].name;
            echoed(name.get(u.start as usize..u.end as usize).unwrap_or(name))
        };
        let listed = &self.scratch.unresolved;
        for (k, u) in listed.iter().enumerate() {
            let name = echo(u);
            // A handful of names at most: a scan beats a set.
            if !listed[..k].iter().any(|other| echo(other) == name) {
                f(name);
            }
        }
    }

    /// Clears the atoms this evaluation touched, ready for the next one.
    pub(super) fn reset(self) {
        for &atom in &self.scratch.touched {
            self.scratch.hits[atom as usize] = None;
        }
        self.scratch.touched.clear();
    }
}
