"""The IMT standard RTI catalog (SPEC §2): 14 courses, 264 hours."""

IMT_COURSES = [
    ("Industry sector-specific courses", 30),
    ("Quality Assurance and Continuous Improvement", 28),
    ("Manufacturing 101", 24),
    ("Measurements and Computations Using Gauges and Tools", 24),
    ("Measurements, Gauges and Tools", 24),
    ("Mechanical Knowledge", 24),
    ("Tool Basics for Machine Operator", 24),
    ("Safety for Manufacturing", 20),
    ("Blueprint Reading", 16),
    ("Manufacturing 2", 16),
    ("Industrial Math", 10),
    ("Communication Skills", 8),
    ("Digital Literacy", 8),
    ("Transition to Trainer", 8),
]

# Shop math, communication and train-the-trainer: the courses the IMT completion requires by name.
IMT_REQUIRED_COURSES = ["Industrial Math", "Communication Skills", "Transition to Trainer"]
