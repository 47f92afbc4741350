"""The IMT standard credentials (SPEC §2): the four MSSC CPT modules, OSHA 10 and First Aid/CPR."""

CPT = "MSSC CPT"

# (name, issuer, validity in months or None, group)
IMT_CREDENTIAL_TYPES = [
    ("MSSC CPT Safety", "Manufacturing Skill Standards Council", 60, CPT),
    ("MSSC CPT Quality Practices & Measurement", "Manufacturing Skill Standards Council", 60, CPT),
    ("MSSC CPT Manufacturing Processes & Production", "Manufacturing Skill Standards Council", 60, CPT),
    ("MSSC CPT Maintenance Awareness", "Manufacturing Skill Standards Council", 60, CPT),
    ("OSHA 10-Hour General Industry", "OSHA Outreach Training Program", None, ""),
    ("First Aid/CPR", "American Red Cross", 24, ""),
]

# The IMT completion requires all six.
IMT_REQUIRED_CREDENTIALS = [name for name, _issuer, _months, _group in IMT_CREDENTIAL_TYPES]
