from jobbook import standard
from jobbook.services import standard_content


def test_standard_job_book_has_the_eleven_competencies_of_the_imt_program():
    assert len(standard.COMPETENCIES) == 11
    assert standard.COMPETENCIES[0]["name"] == "Operate production equipment"
    assert [c["hours"] for c in standard.COMPETENCIES] == [1000, 500, 200, 200, 200, 136, 100, 100, 100, 100, 100]


def test_standard_job_book_sums_to_2736_hours():
    assert standard.TOTAL_HOURS == 2736
    assert sum(c["target_hours"] for c in standard_content()) == 2736


def test_every_standard_competency_has_a_description_and_four_to_eight_skills():
    for competency in standard.COMPETENCIES:
        assert competency["description"]
        assert 4 <= len(competency["skills"]) <= 8, competency["name"]


def test_standard_keys_are_unique():
    competency_keys = [c["key"] for c in standard.COMPETENCIES]
    skill_keys = [key for c in standard.COMPETENCIES for key, _name in c["skills"]]
    assert len(set(competency_keys)) == len(competency_keys)
    assert len(set(skill_keys)) == len(skill_keys)
    assert all(len(key) <= 32 for key in competency_keys + skill_keys)
