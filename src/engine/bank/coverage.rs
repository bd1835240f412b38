//! Which exam objectives a bank's questions cover: the questions of each objective, the
//! objectives with none, and the questions that name none.

use serde::Serialize;

use super::Bank;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub bank: String,
    pub domains: Vec<DomainCoverage>,
    /// Objectives no question tests, as `domain/objective`.
    pub uncovered: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainCoverage {
    pub id: String,
    pub name: String,
    pub objectives: Vec<ObjectiveCoverage>,
    /// Questions of the domain that name no objective.
    pub untagged: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectiveCoverage {
    pub id: String,
    pub title: String,
    pub questions: Vec<String>,
}

/// The coverage of `bank`'s objectives by its questions (testlets' included), in bank order.
pub fn coverage(bank: &Bank) -> Coverage {
    let mut domains: Vec<DomainCoverage> = bank
        .domains
        .iter()
        .map(|d| DomainCoverage {
            id: d.id.0.clone(),
            name: d.name.clone(),
            objectives: d
                .objectives
                .iter()
                .map(|o| ObjectiveCoverage { id: o.id.clone(), title: o.title.clone(), questions: Vec::new() })
                .collect(),
            untagged: Vec::new(),
        })
        .collect();
    for q in &bank.questions {
        let d = &mut domains[q.domain];
        match q.objective.as_ref().and_then(|o| d.objectives.iter_mut().find(|x| x.id == *o)) {
            Some(o) => o.questions.push(q.id.0.clone()),
            None => d.untagged.push(q.id.0.clone()),
        }
    }
    let uncovered = domains
        .iter()
        .flat_map(|d| d.objectives.iter().filter(|o| o.questions.is_empty()).map(move |o| format!("{}/{}", d.id, o.id)))
        .collect();
    Coverage { bank: bank.exam.id.clone(), domains, uncovered }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::bank::Objective;
    use crate::engine::testing::bank;

    #[test]
    fn objectives_list_their_questions_and_the_empty_ones_are_named() {
        let mut b = bank(2);
        b.domains[0].objectives = vec![
            Objective { id: "1.1".into(), title: "Firewalls".into() },
            Objective { id: "1.2".into(), title: "VPNs".into() },
        ];
        b.questions[0].objective = Some("1.1".into());
        let c = coverage(&b);
        assert_eq!(c.domains[0].objectives[0].questions, ["q0"]);
        assert_eq!(c.domains[0].untagged, ["q3"]);
        assert_eq!(c.uncovered, ["net/1.2"]);
        assert_eq!(c.domains[1].untagged, ["q1", "q4"]);
    }
}
