"""The Personal data place: the register of citizens' requests about their data, finding, printing and erasing a person's data (Law 91/2025)."""
